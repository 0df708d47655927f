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

    /**
     * Appends the items linked through {@link Work#nextIntake} from {@code first} on, in that order, clearing
     * those links; returns how many. The list's own fields are written once, not per item: they live in a
     * long-lived object, where G1's write barrier fences every store of a young item's reference.
     */
    int addAllLast(Work first) {
        Work last = tail;
        int n = 0;
        for (Work w = first; w != null; n++) {
            Work following = w.nextIntake;
            w.nextIntake = null;
            w.place = tag;
            w.prev = last;
            w.next = null;
            if (last != null) {
                last.next = w;
            }
            last = w;
            w = following;
        }
        if (n > 0) {
            if (head == null) {
                head = first;
            }
            tail = last;
            size += n;
        }
        return n;
    }

    /**
     * Takes up to {@code max} items off the front and returns the first of them, null if none; they stay linked
     * through their {@code next} fields (the last's is null), for the caller to clear with {@link #unlink}. The
     * list's own fields are written once, as in {@link #addAllLast}.
     */
    Work detachFirst(int max) {
        Work first = head;
        if (first == null || max <= 0) {
            return null;
        }
        Work last = first;
        int n = 1;
        while (n < max && last.next != null) {
            last = last.next;
            n++;
        }
        Work rest = last.next;
        last.next = null;
        head = rest;
        if (rest == null) {
            tail = null;
        } else {
            rest.prev = null;
        }
        size -= n;
        return first;
    }

    /** For an item {@link #detachFirst} returned: clears its links and returns the next one, or null. */
    static Work unlink(Work w) {
        Work following = w.next;
        w.next = null;
        w.prev = null;
        w.place = Work.NOWHERE;
        return following;
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
