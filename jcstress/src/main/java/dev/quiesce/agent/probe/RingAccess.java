package dev.quiesce.agent.probe;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The private state of {@link EventRing} for the broken twins, which rebuild {@code offer} with one guarantee
 * removed, and for the checks that need to see the reader's position.
 */
final class RingAccess {
    static final VarHandle TAIL;
    static final VarHandle HEAD;
    static final VarHandle SEQS;
    static final VarHandle VALUES;
    static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);
    static final VarHandle VALUE = MethodHandles.arrayElementVarHandle(Object[].class);

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(EventRing.class, MethodHandles.lookup());
            TAIL = l.findVarHandle(EventRing.class, "tail", long.class);
            HEAD = l.findVarHandle(EventRing.class, "head", long.class);
            SEQS = l.findVarHandle(EventRing.class, "seqs", long[].class);
            VALUES = l.findVarHandle(EventRing.class, "values", Object[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private RingAccess() {}

    static long head(EventRing<?> r) {
        synchronized (r) {
            return (long) HEAD.get(r);
        }
    }

    /** The reader's next cell claims to hold an event (its sequence says published). */
    static boolean nextPublished(EventRing<?> r) {
        long pos = head(r);
        long[] seqs = (long[]) SEQS.get(r);
        return (long) SEQ.getVolatile(seqs, (int) pos & (seqs.length - 1)) == pos + 1;
    }

    /** offer() that publishes the cell's sequence before writing its value (the order swapped). */
    static boolean offerPublishingFirst(EventRing<Object> r, Object e) {
        long[] seqs = (long[]) SEQS.get(r);
        Object[] values = (Object[]) VALUES.get(r);
        int mask = seqs.length - 1;
        for (;;) {
            long pos = (long) TAIL.getVolatile(r);
            int i = (int) pos & mask;
            long dif = (long) SEQ.getAcquire(seqs, i) - pos;
            if (dif < 0) {
                return false;
            }
            if (dif == 0 && TAIL.compareAndSet(r, pos, pos + 1)) {
                SEQ.setRelease(seqs, i, pos + 1);
                VALUE.setVolatile(values, i, e);
                return true;
            }
        }
    }

    /** offer() that claims its cell with a read and a plain store of the tail instead of a CAS. */
    static boolean offerWithoutCas(EventRing<Object> r, Object e) {
        long[] seqs = (long[]) SEQS.get(r);
        Object[] values = (Object[]) VALUES.get(r);
        int mask = seqs.length - 1;
        long pos = (long) TAIL.getVolatile(r);
        int i = (int) pos & mask;
        if ((long) SEQ.getAcquire(seqs, i) != pos) {
            return false;
        }
        TAIL.setVolatile(r, pos + 1);
        VALUE.set(values, i, e);
        SEQ.setRelease(seqs, i, pos + 1);
        return true;
    }
}
