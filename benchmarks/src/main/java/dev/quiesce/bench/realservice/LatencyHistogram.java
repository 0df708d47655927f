package dev.quiesce.bench.realservice;

/**
 * Latencies in nanoseconds in log-linear buckets, in the manner of HdrHistogram: values below 256 have a
 * bucket each; above, each power of two is split into 128 equal buckets, so a reported percentile is within
 * 0.8% of the true value (it reports the bucket's upper bound). Not thread-safe: one per thread, merged at
 * the end. The maximum is kept exactly.
 */
final class LatencyHistogram {
    private static final int SUB_BITS = 7;
    private static final int SUB = 1 << SUB_BITS;
    private final long[] counts = new long[(64 - SUB_BITS) * SUB];
    private long total;
    private long max;

    void record(long nanos) {
        long v = Math.max(0, nanos);
        counts[index(v)]++;
        total++;
        max = Math.max(max, v);
    }

    void add(LatencyHistogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        max = Math.max(max, other.max);
    }

    long count() {
        return total;
    }

    long max() {
        return max;
    }

    /** The smallest bucket upper bound at or below which a fraction {@code q} of the values lie. */
    long percentile(double q) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(upperBound(i), max);
            }
        }
        return max;
    }

    static int index(long v) {
        if (v < 2 * SUB) {
            return (int) v;
        }
        int shift = 63 - Long.numberOfLeadingZeros(v) - SUB_BITS; // v >>> shift is in [SUB, 2 * SUB)
        return shift * SUB + (int) (v >>> shift);
    }

    static long upperBound(int index) {
        if (index < 2 * SUB) {
            return index;
        }
        int shift = index / SUB - 1;
        long mantissa = index - (long) shift * SUB;
        return ((mantissa + 1) << shift) - 1;
    }
}
