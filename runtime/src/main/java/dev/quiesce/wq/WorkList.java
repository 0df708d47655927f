package dev.quiesce.wq;

/**
 * An intrusive FIFO of work items, linked through the items' own fields: adding and removing allocate
 * nothing, so queueing works when the heap is exhausted and the rescuer's path stays allocation-free.
 * Guarded by the owning pool's lock.
 */
final class WorkList {
    /**
     * What {@link Work#place} reads while an item is in this list: below {@link Work#NOWHERE}, and different for
     * every list ever made ({@link #NEXT_TAG} counts down; making a list fails once the negative ints are used
     * up, about a billion pools, rather than let two lists share a tag).
     */
    final int tag = nextTag();
    private static final java.util.concurrent.atomic.AtomicInteger NEXT_TAG =
            new java.util.concurrent.atomic.AtomicInteger(Work.NOWHERE - 1);
    private Work head;
    private Work tail;
    private int size;

    private static int nextTag() {
        int t = NEXT_TAG.getAndDecrement();
        if (t >= Work.NOWHERE) { // wrapped round past Integer.MIN_VALUE
            NEXT_TAG.set(Integer.MAX_VALUE);
            throw new IllegalStateException("more than 2^31 work lists were made in this JVM; list tags are used up");
        }
        return t;
    }

    void addLast(Work w) {
        w.place = tag;
        w.next = null;
        w.prev = tail;
        if (tail == null) {
            head = w;
        } else {
            tail.next = w;
        }
        tail = w;
        size++;
    }

    /** Removes {@code w}, which must be in this list. */
    void remove(Work w) {
        if (w.prev == null) {
            head = w.next;
        } else {
            w.prev.next = w.next;
        }
        if (w.next == null) {
            tail = w.prev;
        } else {
            w.next.prev = w.prev;
        }
        w.prev = null;
        w.next = null;
        w.place = Work.NOWHERE;
        size--;
    }

    Work pollFirst() {
        Work w = head;
        if (w != null) {
            remove(w);
        }
        return w;
    }

    Work first() {
        return head;
    }

    static Work next(Work w) {
        return w.next;
    }

    boolean isEmpty() {
        return head == null;
    }

    int size() {
        return size;
    }
}
