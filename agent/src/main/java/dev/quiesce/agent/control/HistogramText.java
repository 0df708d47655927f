package dev.quiesce.agent.control;

import java.util.ArrayList;
import java.util.List;

/**
 * A log2 histogram drawn the way bpftrace draws {@code hist()}: one row per bucket from the lowest to the
 * highest non-empty one, {@code [2^b, 2^(b+1))} with K, M and G meaning 2^10, 2^20 and 2^30, the count, and a
 * bar scaled to the largest bucket.
 *
 * <pre>
 * [1K, 2K)             12 |@@@@                                                |
 * [2K, 4K)            150 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
 * </pre>
 */
final class HistogramText {
    static final int BAR = 52;

    private HistogramText() {}

    static List<String> rows(long[] buckets) {
        List<String> rows = new ArrayList<>();
        int lo = -1;
        int hi = -1;
        long max = 0;
        for (int b = 0; b < buckets.length; b++) {
            if (buckets[b] > 0) {
                lo = lo < 0 ? b : lo;
                hi = b;
                max = Math.max(max, buckets[b]);
            }
        }
        if (lo < 0) {
            rows.add("(no calls yet)");
            return rows;
        }
        for (int b = lo; b <= hi; b++) {
            String range = b == 0 ? "[0, 2)" : "[" + size(b) + ", " + size(b + 1) + ")";
            int bar = (int) (buckets[b] * BAR / max);
            rows.add(String.format("%-16s %8d |%-" + BAR + "s|", range, buckets[b], "@".repeat(bar)));
        }
        return rows;
    }

    /** 2^b written as bpftrace does: 512, 1K, 2M, 4G, ... */
    static String size(int b) {
        if (b >= 63) {
            return "8E";
        }
        String[] units = {"", "K", "M", "G", "T", "P", "E"};
        int unit = b / 10;
        return (1L << (b - unit * 10)) + units[unit];
    }

    /**
     * The upper bound of the bucket holding quantile {@code q} (0..1): "p99 < 4K" means 99% of the calls took
     * less than 4096 ns. -1 when there are no calls.
     */
    static long quantileBound(long[] buckets, double q) {
        long total = 0;
        for (long c : buckets) {
            total += c;
        }
        if (total == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int b = 0; b < buckets.length; b++) {
            seen += buckets[b];
            if (seen >= rank && buckets[b] > 0) {
                return b >= 62 ? Long.MAX_VALUE : 1L << (b + 1);
            }
        }
        return Long.MAX_VALUE;
    }

    /** A duration in ns as people read it: 850 ns, 12.3 us, 4.1 ms, 2.0 s. */
    static String nanos(long ns) {
        if (ns < 1_000) {
            return ns + " ns";
        }
        if (ns < 1_000_000) {
            return String.format("%.1f us", ns / 1e3);
        }
        if (ns < 1_000_000_000) {
            return String.format("%.1f ms", ns / 1e6);
        }
        return String.format("%.1f s", ns / 1e9);
    }

    static long[] minus(long[] now, long[] before) {
        long[] d = now.clone();
        for (int i = 0; i < Math.min(now.length, before.length); i++) {
            d[i] -= before[i];
        }
        return d;
    }

    static long total(long[] buckets) {
        long t = 0;
        for (long c : buckets) {
            t += c;
        }
        return t;
    }
}
