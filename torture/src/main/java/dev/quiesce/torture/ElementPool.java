package dev.quiesce.torture;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The elements the writer allocates from (rcutorture's freelist), and the pipe advance that returns them:
 * an element comes back after {@link TortureElement#PIPE_LEN} grace periods. Every advance is counted in the
 * Free-Block Circulation histogram by the stage it left. The free list is concurrent because callbacks free
 * elements on the domain's callback thread while the writer allocates.
 */
final class ElementPool {
    private final ConcurrentLinkedQueue<TortureElement> free = new ConcurrentLinkedQueue<>();
    private final CountHistogram circulation;

    ElementPool(int size, CountHistogram circulation) {
        if (size < 2) {
            throw new IllegalArgumentException("a pool needs at least 2 elements, got " + size);
        }
        for (int i = 0; i < size; i++) {
            free.add(new TortureElement(i));
        }
        this.circulation = circulation;
    }

    /** A free element, or null when every element is published or still waiting for grace periods. */
    TortureElement allocate() {
        return free.poll();
    }

    /**
     * One grace period has ended for {@code e}, an unpublished element owned by the caller. Returns true if
     * that was its last one and it is free again (the caller no longer owns it).
     */
    boolean advance(TortureElement e) {
        int stage = e.advancePipe();
        circulation.increment(stage);
        if (stage + 1 >= TortureElement.PIPE_LEN) {
            free.add(e); // the queue's publication orders the cleared mbtest before any reuse
            return true;
        }
        return false;
    }

    int freeCount() {
        return free.size();
    }
}
