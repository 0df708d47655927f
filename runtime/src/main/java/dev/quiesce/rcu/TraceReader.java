package dev.quiesce.rcu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One thread's read-side counters in one {@link TasksTraceRcu} domain: SRCU's per-CPU counters, made
 * per-thread because a JVM thread cannot pin itself to a CPU. Slot {@code i} counts lock and unlock calls
 * made with index {@code i}.
 *
 * <p>Field legend: {@code I:} set at construction; {@code O:} written by the owner thread only, read by
 * the domain's grace-period thread with acquire.
 *
 * <p>Readers of different threads are often allocated side by side; the counters sit between two blocks
 * of padding (superclass and subclass fields, which HotSpot does not interleave) so that two threads'
 * read sections never write the same cache line.
 */
final class TraceReader extends TraceReaderCounters {
    /** I: */
    final Thread owner;
    /** I: this reader's index in its domain's slot table; tokens carry it. */
    final int slot;
    @SuppressWarnings("unused")
    private long p10, p11, p12, p13, p14, p15, p16, p17;

    TraceReader(Thread owner, int slot) {
        this.owner = owner;
        this.slot = slot;
    }

    /** Owner only. */
    void lock(int idx) {
        VarHandle h = idx == 0 ? LOCK0 : LOCK1;
        h.setOpaque(this, (long) h.get(this) + 1);
        // The count must be visible before any load of the read section (SRCU's barrier B); pairs with the
        // fence between the two sums in TraceGracePeriod.drained().
        VarHandle.fullFence();
    }

    /** Owner only; false (and nothing changed) if there is no open section with this index. */
    boolean unlock(int idx) {
        VarHandle l = idx == 0 ? LOCK0 : LOCK1;
        VarHandle u = idx == 0 ? UNLOCK0 : UNLOCK1;
        long unlocks = (long) u.get(this);
        if (unlocks >= (long) l.get(this)) {
            return false;
        }
        // Release: every access of the read section happens before the grace period sees this count (SRCU C).
        u.setRelease(this, unlocks + 1);
        return true;
    }

    /** Owner only: open sections of any index. */
    long openSections() {
        return (long) LOCK0.get(this) + (long) LOCK1.get(this) - (long) UNLOCK0.get(this) - (long) UNLOCK1.get(this);
    }

    long lvLockAcquire(int idx) {
        return (long) (idx == 0 ? LOCK0 : LOCK1).getAcquire(this);
    }

    long lvUnlockAcquire(int idx) {
        return (long) (idx == 0 ? UNLOCK0 : UNLOCK1).getAcquire(this);
    }

    private static final VarHandle LOCK0;
    private static final VarHandle LOCK1;
    private static final VarHandle UNLOCK0;
    private static final VarHandle UNLOCK1;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            LOCK0 = l.findVarHandle(TraceReaderCounters.class, "lock0", long.class);
            LOCK1 = l.findVarHandle(TraceReaderCounters.class, "lock1", long.class);
            UNLOCK0 = l.findVarHandle(TraceReaderCounters.class, "unlock0", long.class);
            UNLOCK1 = l.findVarHandle(TraceReaderCounters.class, "unlock1", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
