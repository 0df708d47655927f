package dev.quiesce.rcu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    @Test
    void bucketsArePowersOfTwo() {
        assertEquals(0, LatencyHistogram.bucket(0));
        assertEquals(0, LatencyHistogram.bucket(1));
        assertEquals(1, LatencyHistogram.bucket(2));
        assertEquals(1, LatencyHistogram.bucket(3));
        assertEquals(10, LatencyHistogram.bucket(1024));
        assertEquals(62, LatencyHistogram.bucket(Long.MAX_VALUE));
    }

    @Test
    void quantilesReportBucketUpperBounds() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < 99; i++) {
            h.record(1000); // bucket 9: [512, 1024)
        }
        h.record(1_000_000); // bucket 19
        LatencySnapshot s = h.snapshot();
        assertEquals(100, s.total());
        assertEquals(1023, s.quantileUpperBoundNanos(0.5));
        assertEquals(1023, s.quantileUpperBoundNanos(0.99));
        assertEquals((2L << 19) - 1, s.quantileUpperBoundNanos(1.0));
        assertEquals(1_000_000, s.maxNanos());
        assertThrows(IllegalArgumentException.class, () -> s.quantileUpperBoundNanos(0));
        assertThrows(IllegalArgumentException.class, () -> s.quantileUpperBoundNanos(1.5));
        assertEquals(0, new LatencyHistogram().snapshot().quantileUpperBoundNanos(0.5));
    }

    @Test
    void snapshotsAreImmutable() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(5);
        LatencySnapshot s = h.snapshot();
        s.counts()[2] = 99;
        assertEquals(1, s.counts()[2]);
        h.record(5);
        assertEquals(1, s.total());
    }
}
