package dev.quiesce.agent.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HistogramTextTest {
    @Test
    void bucketBoundsAreWrittenAsBpftraceDoes() {
        assertEquals("1", HistogramText.size(0));
        assertEquals("512", HistogramText.size(9));
        assertEquals("1K", HistogramText.size(10));
        assertEquals("4K", HistogramText.size(12));
        assertEquals("1M", HistogramText.size(20));
        assertEquals("2G", HistogramText.size(31));
    }

    @Test
    void rowsSpanTheNonEmptyRangeWithBarsScaledToTheLargestBucket() {
        long[] h = new long[64];
        h[10] = 12;
        h[12] = 150;
        List<String> rows = HistogramText.rows(h);
        assertEquals(3, rows.size(), String.join("\n", rows));
        assertTrue(rows.get(0).startsWith("[1K, 2K) "), rows.get(0));
        assertTrue(rows.get(1).startsWith("[2K, 4K) ") && rows.get(1).contains("       0 |"), rows.get(1));
        assertTrue(rows.get(2).contains("150 |" + "@".repeat(HistogramText.BAR) + "|"), rows.get(2));
        assertEquals(12 * HistogramText.BAR / 150, rows.get(0).chars().filter(c -> c == '@').count());
        assertEquals(List.of("(no calls yet)"), HistogramText.rows(new long[64]));
    }

    @Test
    void quantilesAreTheUpperBoundOfTheirBucket() {
        long[] h = new long[64];
        h[4] = 90; // [16, 32)
        h[20] = 10; // [1M, 2M)
        assertEquals(32, HistogramText.quantileBound(h, 0.5));
        assertEquals(32, HistogramText.quantileBound(h, 0.9));
        assertEquals(1L << 21, HistogramText.quantileBound(h, 0.91));
        assertEquals(-1, HistogramText.quantileBound(new long[64], 0.5));
        assertEquals(100, HistogramText.total(h));
        assertEquals(5, HistogramText.minus(h, new long[] {0, 0, 0, 0, 85})[4]);
    }

    @Test
    void durationsReadNaturally() {
        assertEquals("850 ns", HistogramText.nanos(850));
        assertEquals("12.3 us", HistogramText.nanos(12_300));
        assertEquals("4.1 ms", HistogramText.nanos(4_100_000));
        assertEquals("2.0 s", HistogramText.nanos(2_000_000_000));
    }
}
