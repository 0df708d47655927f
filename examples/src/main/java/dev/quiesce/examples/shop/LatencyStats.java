package dev.quiesce.examples.shop;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A latency histogram, computed simply: 8 buckets per power of two of nanoseconds (about 12% wide), counts
 * in an {@link AtomicLongArray}. Quantiles are bucket upper bounds. Recording is lock-free; a snapshot taken
 * while others record is not atomic across buckets, which is fine for a report.
 */
public final class LatencyStats {
    private static final int SUB_BITS = 3;
    private static final int SUB = 1 << SUB_BITS;
    private static final int BUCKETS = (64 - SUB_BITS + 1) * SUB;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    /** A snapshot: count and quantile upper bounds, in nanoseconds (0 when empty). */
    public record Snapshot(long count, long p50Nanos, long p99Nanos, long maxNanos) {
        @Override
        public String toString() {
            return count + " sample(s), p50 " + format(p50Nanos) + ", p99 " + format(p99Nanos) + ", max "
                    + format(maxNanos);
        }
    }

    /** Records one latency; negative values count as 0. */
    public void record(long nanos) {
        counts.incrementAndGet(bucket(Math.max(0, nanos)));
    }

    /** The counts so far. */
    public Snapshot snapshot() {
        return summarize(read(false));
    }

    /** The counts so far, and starts again from zero. */
    public Snapshot snapshotAndReset() {
        return summarize(read(true));
    }

    private long[] read(boolean reset) {
        long[] c = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            c[i] = reset ? counts.getAndSet(i, 0) : counts.get(i);
        }
        return c;
    }

    private static Snapshot summarize(long[] c) {
        long total = 0;
        int last = -1;
        for (int i = 0; i < c.length; i++) {
            total += c[i];
            if (c[i] > 0) {
                last = i;
            }
        }
        if (total == 0) {
            return new Snapshot(0, 0, 0, 0);
        }
        return new Snapshot(total, quantile(c, total, 0.50), quantile(c, total, 0.99), upperBound(last));
    }

    private static long quantile(long[] c, long total, double q) {
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < c.length; i++) {
            seen += c[i];
            if (seen >= rank) {
                return upperBound(i);
            }
        }
        return upperBound(c.length - 1);
    }

    /** Values below 8 have a bucket each; above, bucket = 8 * (octave - 2) + the 3 bits after the top bit. */
    static int bucket(long v) {
        if (v < SUB) {
            return (int) v;
        }
        int top = 63 - Long.numberOfLeadingZeros(v);
        int sub = (int) ((v >>> (top - SUB_BITS)) & (SUB - 1));
        return (top - SUB_BITS + 1) * SUB + sub;
    }

    /** The largest value of bucket {@code i}. */
    static long upperBound(int i) {
        if (i < SUB) {
            return i;
        }
        int top = i / SUB + SUB_BITS - 1;
        long sub = i % SUB;
        long width = 1L << (top - SUB_BITS);
        long lower = (SUB + sub) << (top - SUB_BITS);
        return lower + width - 1;
    }

    /** A latency for people: "850 us", "3.12 ms", "1.50 s". */
    public static String format(long nanos) {
        if (nanos < 1_000_000L) {
            return (nanos + 500) / 1_000 + " us";
        }
        if (nanos < 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }
}
