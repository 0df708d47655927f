package dev.quiesce.agent.probe;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded ring of events from many handler threads to one reader at a time (D. Vyukov's bounded queue:
 * each cell carries a sequence number). A handler never waits: when the ring is full the event is dropped and
 * counted. Nothing grows: capacity is fixed at construction.
 *
 * <p>Orderings (docs/memory-ordering.md, "Event rings"): a producer claims a cell by CAS on {@code tail}
 * after an acquire read of the cell's sequence equal to its position; it writes the value plainly, then
 * publishes with a release store of the sequence {@code pos + 1}. The reader's acquire read of that sequence
 * makes the value (and everything the producer wrote into the event before offering it) visible; it clears
 * the value and frees the cell for the lap after with a release store of {@code pos + capacity}, which the
 * next producer's acquire read orders before its own write.
 *
 * <p>Fields: {@code tail} is CAS by producers; {@code head} is written and read under the ring's monitor by
 * the reader; cells' values are plain, ordered by their sequences as above; {@code dropped} is an adder.
 */
final class EventRing<E> {
    private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle VALUE = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle TAIL;

    static {
        try {
            TAIL = MethodHandles.lookup().findVarHandle(EventRing.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long[] seqs;
    private final Object[] values;
    private final int mask;
    @SuppressWarnings("unused") // through TAIL
    private volatile long tail;
    private long head;
    private final LongAdder dropped = new LongAdder();

    /** A ring of {@code capacity} cells, rounded up to a power of two (at least 2). */
    EventRing(int capacity) {
        int n = capacity <= 2 ? 2 : Integer.highestOneBit(capacity - 1) << 1;
        seqs = new long[n];
        values = new Object[n];
        mask = n - 1;
        for (int i = 0; i < n; i++) {
            seqs[i] = i;
        }
    }

    int capacity() {
        return mask + 1;
    }

    /** Adds {@code e}, or drops it (counted) if the ring is full. Never blocks. */
    boolean offer(E e) {
        long pos = (long) TAIL.getOpaque(this);
        for (;;) {
            int i = (int) pos & mask;
            long dif = (long) SEQ.getAcquire(seqs, i) - pos; // pairs with the reader's release in poll
            if (dif == 0) {
                if (TAIL.compareAndSet(this, pos, pos + 1)) {
                    VALUE.set(values, i, e);
                    SEQ.setRelease(seqs, i, pos + 1); // publishes the value; pairs with poll's acquire
                    return true;
                }
                pos = (long) TAIL.getOpaque(this); // another producer took this cell
            } else if (dif < 0) {
                dropped.increment(); // the cell still holds the event of a lap ago: full
                return false;
            } else {
                pos = (long) TAIL.getOpaque(this); // a stale tail: catch up
            }
        }
    }

    /** The oldest published event, or null if there is none (yet). */
    @SuppressWarnings("unchecked")
    synchronized E poll() {
        long pos = head;
        int i = (int) pos & mask;
        if ((long) SEQ.getAcquire(seqs, i) != pos + 1) { // pairs with offer's release
            return null;
        }
        E e = (E) VALUE.get(values, i);
        VALUE.set(values, i, null);
        SEQ.setRelease(seqs, i, pos + mask + 1); // frees the cell for the next lap; pairs with offer's acquire
        head = pos + 1;
        return e;
    }

    long dropped() {
        return dropped.sum();
    }
}
