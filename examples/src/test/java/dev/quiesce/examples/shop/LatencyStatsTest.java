package dev.quiesce.examples.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatencyStatsTest {
    @Test
    void bucketsCoverEveryValueAndAreAtMostAnEighthWide() {
        for (long v : new long[] {0, 1, 7, 8, 15, 16, 17, 999, 1_000, 123_456, 5_000_000L, Long.MAX_VALUE}) {
            int b = LatencyStats.bucket(v);
            assertTrue(LatencyStats.upperBound(b) >= v, "v=" + v);
            assertTrue(b == 0 || LatencyStats.upperBound(b - 1) < v, "v=" + v);
            assertTrue(LatencyStats.upperBound(b) - v <= Math.max(1, v / 8), "v=" + v);
        }
    }

    @Test
    void quantilesAreBucketUpperBounds() {
        LatencyStats s = new LatencyStats();
        for (int i = 0; i < 98; i++) {
            s.record(1_000);
        }
        s.record(2_000_000);
        s.record(3_000_000);
        LatencyStats.Snapshot snap = s.snapshotAndReset();
        assertEquals(100, snap.count());
        assertEquals(LatencyStats.upperBound(LatencyStats.bucket(1_000)), snap.p50Nanos());
        assertEquals(LatencyStats.upperBound(LatencyStats.bucket(2_000_000)), snap.p99Nanos());
        assertEquals(LatencyStats.upperBound(LatencyStats.bucket(3_000_000)), snap.maxNanos());
        assertEquals(0, s.snapshot().count());
        assertEquals("850 us", LatencyStats.format(850_000));
        assertEquals("3.12 ms", LatencyStats.format(3_120_000));
    }
}
