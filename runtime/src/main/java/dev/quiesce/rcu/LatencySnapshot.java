package dev.quiesce.rcu;

/**
 * An immutable copy of a log2 latency histogram, as {@code stats()} returns it.
 *
 * @param counts per-bucket counts; bucket {@code b} holds durations in {@code [2^b, 2^(b+1))} ns
 * @param maxNanos the largest duration recorded
 */
public record LatencySnapshot(long[] counts, long maxNanos) {
    public LatencySnapshot {
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
        return o instanceof LatencySnapshot s && java.util.Arrays.equals(counts, s.counts) && maxNanos == s.maxNanos;
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
