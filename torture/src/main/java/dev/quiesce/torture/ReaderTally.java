package dev.quiesce.torture;

/**
 * What one reader thread saw, counted without sharing: plain fields written by the owner only, added to the
 * shared {@link TortureCounters} every few hundred sections and when the reader stops. Cheap enough to be
 * called inside a read section (no allocation, no locks).
 */
final class ReaderTally {
    private static final int BUCKETS = TortureElement.PIPE_LEN + 1;

    private final long[] pipe = new long[BUCKETS];
    private final long[] batch = new long[BUCKETS];
    private long checks;
    private long orderingErrors;
    private long recycled;
    private long stalls;

    /**
     * Records one read section.
     *
     * @param pipeStart the element's pipe count when the section loaded it
     * @param pipeEnd its pipe count at the end of the section: above 1 means a too-short grace period
     * @param batches writer grace periods that ended during the section: above 1 is a too-short grace period
     * @param initialized the element's mbtest right after the load: clear is a memory-ordering error
     * @param sameGeneration false if the element was freed and allocated again during the section
     */
    void record(int pipeStart, int pipeEnd, long batches, boolean initialized, boolean sameGeneration) {
        pipe[CountHistogram.bucketOf(pipeEnd, BUCKETS)]++;
        batch[CountHistogram.bucketOf(batches, BUCKETS)]++;
        checks++;
        if (!initialized) {
            orderingErrors++;
        }
        if (!sameGeneration || pipeEnd < pipeStart) {
            recycled++;
        }
    }

    void stalled() {
        stalls++;
    }

    long checks() {
        return checks;
    }

    long[] pipe() {
        return pipe.clone();
    }

    long[] batch() {
        return batch.clone();
    }

    long orderingErrors() {
        return orderingErrors;
    }

    long recycled() {
        return recycled;
    }

    /**
     * Adds everything counted since the last flush to {@code counters}, the checks also to those of
     * {@code kind}, and starts again from zero.
     */
    void flushTo(TortureCounters counters, ReaderMix.Kind kind) {
        counters.readerPipe.addAll(pipe);
        counters.readerBatch.addAll(batch);
        counters.checks.add(checks);
        counters.checks(kind).add(checks);
        counters.orderingErrors.add(orderingErrors);
        counters.recycledInUse.add(recycled);
        counters.stallsInjected.add(stalls);
        java.util.Arrays.fill(pipe, 0);
        java.util.Arrays.fill(batch, 0);
        checks = 0;
        orderingErrors = 0;
        recycled = 0;
        stalls = 0;
    }
}
