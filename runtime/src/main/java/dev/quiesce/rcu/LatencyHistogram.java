package dev.quiesce.rcu;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A log2 histogram of durations in nanoseconds: bucket {@code b} counts values in {@code [2^b, 2^(b+1))}
 * (bucket 0 also holds 0 and 1). One writer thread (a domain's grace-period thread) records with release
 * stores; any thread may take a {@link Snapshot}.
 */
final class LatencyHistogram {
    static final int BUCKETS = 64;
    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    /** W: the single writer; R: racy readers get an atomic long. */
    private volatile long max;

    /** Single writer only. */
    void record(long nanos) {
        int b = bucket(nanos);
        counts.lazySet(b, counts.get(b) + 1); // single writer: a release store, no read-modify-write
        if (nanos > max) {
            max = nanos;
        }
    }

    static int bucket(long nanos) {
        return nanos <= 1 ? 0 : 63 - Long.numberOfLeadingZeros(nanos);
    }

    Snapshot snapshot() {
        long[] c = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            c[i] = counts.get(i);
        }
        return new Snapshot(c, max);
    }

    /**
     * An immutable copy of a histogram.
     *
     * @param counts per-bucket counts; bucket {@code b} holds durations in {@code [2^b, 2^(b+1))} ns
     * @param maxNanos the largest duration recorded
     */
    public record Snapshot(long[] counts, long maxNanos) {
        public Snapshot {
            counts = counts.clone();
        }

        @Override
        public long[] counts() {
            return counts.clone();
        }

        public long total() {
            long t = 0;
            for (long c : counts) {
                t += c;
            }
            return t;
        }

        /**
         * Upper bound of the bucket holding the {@code q}-quantile ({@code 0 < q <= 1}), in nanoseconds;
         * 0 when empty.
         */
        public long quantileUpperBoundNanos(double q) {
            if (!(q > 0 && q <= 1)) {
                throw new IllegalArgumentException("quantile must be in (0, 1], got " + q);
            }
            long total = total();
            if (total == 0) {
                return 0;
            }
            long rank = (long) Math.ceil(q * total);
            long seen = 0;
            for (int b = 0; b < counts.length; b++) {
                seen += counts[b];
                if (seen >= rank) {
                    return b >= 62 ? Long.MAX_VALUE : (2L << b) - 1;
                }
            }
            return maxNanos;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Snapshot s && java.util.Arrays.equals(counts, s.counts) && maxNanos == s.maxNanos;
        }

        @Override
        public int hashCode() {
            return 31 * java.util.Arrays.hashCode(counts) + Long.hashCode(maxNanos);
        }

        @Override
        public String toString() {
            return "latency{n=" + total() + ", p50<=" + quantileUpperBoundNanos(0.5) / 1000 + "us, p99<="
                    + quantileUpperBoundNanos(0.99) / 1000 + "us, max=" + maxNanos / 1000 + "us}";
        }
    }
}
