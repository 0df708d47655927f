package dev.quiesce.wq;

import java.util.Arrays;

/**
 * What a {@link Workqueue#flush()} waits for: queueings, each an item and the accepted count that names it,
 * collected from the pools under their locks, then waited for outside them.
 */
final class FlushTargets {
    private Work[] items = new Work[16];
    private long[] counts = new long[16];
    private int size;

    void add(Work w, long count) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
            counts = Arrays.copyOf(counts, size * 2);
        }
        items[size] = w;
        counts[size] = count;
        size++;
    }

    /** Waits until each queueing has run or been cancelled. */
    void awaitAll() {
        for (int i = 0; i < size; i++) {
            items[i].awaitFinished(counts[i], Work.LEAVE_TIMER);
        }
    }
}
