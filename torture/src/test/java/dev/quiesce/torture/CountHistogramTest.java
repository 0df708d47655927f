package dev.quiesce.torture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CountHistogramTest {
    @Test
    void valuesPastTheEndsCountInTheEndBuckets() {
        CountHistogram h = new CountHistogram(11);
        h.increment(-3);
        h.increment(0);
        h.increment(10);
        h.increment(11);
        h.increment(Long.MAX_VALUE);
        assertArrayEquals(new long[] {2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3}, h.snapshot());
    }

    @Test
    void sumFromCountsTheTailOnly() {
        CountHistogram h = new CountHistogram(11);
        h.addAll(new long[] {100, 7, 2, 0, 1});
        assertEquals(110, h.total());
        assertEquals(3, h.sumFrom(2));
        assertEquals(0, h.sumFrom(5));
    }

    @Test
    void addAllRefusesMoreCountsThanBuckets() {
        CountHistogram h = new CountHistogram(3);
        assertThrows(IllegalArgumentException.class, () -> h.addAll(new long[4]));
    }

    @Test
    void formatsLikeRcutorture() {
        CountHistogram h = new CountHistogram(4);
        h.addAll(new long[] {5, 0, 12});
        assertEquals("5 0 12 0", h.format());
    }
}
