package dev.quiesce.agent.probe;

import java.util.concurrent.atomic.LongAdder;

/**
 * A log2 latency histogram written by many handler threads at once: bucket {@code b} counts values in
 * {@code [2^b, 2^(b+1))} ns (bucket 0 also holds 0 and 1). Each bucket is a {@link LongAdder}: no lock, no
 * allocation after the first contention of a bucket. Snapshots are racy while the version is linked and
 * exact after its grace period.
 */
final class Log2Histogram {
    static final int BUCKETS = 64;
    private final LongAdder[] buckets = new LongAdder[BUCKETS];

    Log2Histogram() {
        for (int i = 0; i < BUCKETS; i++) {
            buckets[i] = new LongAdder();
        }
    }

    void record(long nanos) {
        buckets[nanos <= 1 ? 0 : 63 - Long.numberOfLeadingZeros(nanos)].increment();
    }

    long[] snapshot() {
        long[] c = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            c[i] = buckets[i].sum();
        }
        return c;
    }
}
