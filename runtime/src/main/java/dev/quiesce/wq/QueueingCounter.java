package dev.quiesce.wq;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The {@code queue()} calls in flight on one {@link Workqueue}, which {@link Workqueue#close()} waits for:
 * a counter striped by thread, each stripe on cache lines of its own, so that submitters on different
 * threads do not write one contended word twice per item.
 *
 * <p>A call enters on its thread's stripe and leaves on the same one ({@link #enter()} returns it), so every
 * stripe stays non-negative and a reading of zero on every stripe means that no stripe held a call at the
 * moment it was read. Ordering against close: docs/memory-ordering.md, "Close against queueing".
 *
 * <p>Field legend: {@code cells}: atomic adds by any thread, volatile reads by the closer.
 */
final class QueueingCounter {
    /** Ints per stripe: 128 bytes, so no two stripes, and no stripe and the array header, share a line. */
    private static final int STRIDE = 32;
    private final int mask;
    private final int[] cells;

    QueueingCounter() {
        int stripes = Integer.highestOneBit(Math.max(4, 2 * Runtime.getRuntime().availableProcessors() - 1)) << 1;
        mask = Math.min(stripes, 64) - 1;
        cells = new int[(mask + 2) * STRIDE];
    }

    /** Counts the calling thread's call in; pass the result to {@link #leave(int)}. */
    int enter() {
        long id = Thread.currentThread().getId();
        int h = (int) (id ^ (id >>> 16)) * 0x9E3779B9;
        int i = ((h >>> 16) & mask) * STRIDE + STRIDE; // first stripe one stride past the header
        CELLS.getAndAdd(cells, i, 1);
        return i;
    }

    void leave(int stripe) {
        CELLS.getAndAdd(cells, stripe, -1);
    }

    /** True if some call may still be in flight (volatile reads of every stripe). */
    boolean anyInFlightVolatile() {
        for (int i = STRIDE; i < cells.length; i += STRIDE) {
            if ((int) CELLS.getVolatile(cells, i) != 0) {
                return true;
            }
        }
        return false;
    }

    private static final VarHandle CELLS = MethodHandles.arrayElementVarHandle(int[].class);
}
