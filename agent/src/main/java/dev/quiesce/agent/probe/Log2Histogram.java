package dev.quiesce.agent.probe;

/**
 * A log2 latency histogram written by many handler threads at once: bucket {@code b} counts values in
 * {@code [2^b, 2^(b+1))} ns (bucket 0 also holds 0 and 1). Buckets are {@link ThreadCounts}: no lock, no atomic
 * instruction for a thread that owns its cell. Snapshots are racy while the version is linked and exact after
 * its grace period.
 */
final class Log2Histogram {
    static final int BUCKETS = 64;
    private final ThreadCounts buckets = new ThreadCounts(BUCKETS);

    void record(long nanos) {
        buckets.add(nanos <= 1 ? 0 : 63 - Long.numberOfLeadingZeros(nanos));
    }

    long[] snapshot() {
        return buckets.sums();
    }
}
