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

    LatencySnapshot snapshot() {
        long[] c = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            c[i] = counts.get(i);
        }
        return new LatencySnapshot(c, max);
    }
}
