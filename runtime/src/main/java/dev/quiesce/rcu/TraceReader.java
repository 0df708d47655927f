package dev.quiesce.rcu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One thread's read-side counters in one {@link TasksTraceRcu} domain: SRCU's per-CPU counters, made
 * per-thread because a JVM thread cannot pin itself to a CPU. Slot {@code i} counts lock and unlock calls
 * made with index {@code i}.
 *
 * <p>Field legend: {@code I:} set at construction; {@code O:} written by the owner thread only, read by
 * the domain's grace-period thread with acquire; the unlock counts are also written by the grace-period thread's
 * CAS when it closes sections the owner left open ({@link #casUnlock}).
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

    /**
     * True when readers count their locks without a fence: the grace period's {@link ProcessBarrier} stands
     * in for it (JDK 22+). A constant, so the JIT folds the branch in {@link #lock(int)}.
     */
    static final boolean ASYMMETRIC = ProcessBarrier.available();

    /** Owner only. */
    void lock(int idx) {
        if (ASYMMETRIC) {
            lockUnfenced(idx);
        } else {
            lockFenced(idx);
        }
    }

    /** Owner only. The lock count for JVMs without a process-wide barrier. */
    void lockFenced(int idx) {
        lockUnfenced(idx);
        // The count must be visible before any load of the read section (SRCU's barrier B); pairs with the
        // fence between the two sums in TraceGracePeriod.drained().
        VarHandle.fullFence();
    }

    /**
     * Owner only. The lock count when the grace period confirms drained slots across a process-wide barrier:
     * that barrier orders this store before the section's loads for the grace period's purposes, as
     * membarrier() does for SRCU-fast readers (docs/memory-ordering.md, "TasksTraceRcu").
     */
    void lockUnfenced(int idx) {
        // One branch per index, each with a constant VarHandle, so the JIT turns it into a plain store; the
        // owner reads its own counter plainly (no other thread writes it).
        if (idx == 0) {
            LOCK0.setOpaque(this, lock0 + 1);
        } else {
            LOCK1.setOpaque(this, lock1 + 1);
        }
    }

    /** Owner only; false (and nothing changed) if there is no open section with this index. */
    boolean unlock(int idx) {
        // Release: every access of the read section happens before the grace period sees this count (SRCU C).
        if (idx == 0) {
            long unlocks = unlock0;
            if (unlocks >= lock0) {
                return false;
            }
            UNLOCK0.setRelease(this, unlocks + 1);
        } else {
            long unlocks = unlock1;
            if (unlocks >= lock1) {
                return false;
            }
            UNLOCK1.setRelease(this, unlocks + 1);
        }
        return true;
    }

    /** Owner only: open sections of any index. */
    long openSections() {
        return lock0 + lock1 - unlock0 - unlock1;
    }

    /**
     * GP: closes sections left open, from {@code expect} unlocks to {@code update}. A CAS, so that it never undoes
     * an unlock the owner stored after the grace period read the count (docs/memory-ordering.md, "Sections left
     * open").
     */
    boolean casUnlock(int idx, long expect, long update) {
        return (idx == 0 ? UNLOCK0 : UNLOCK1).compareAndSet(this, expect, update);
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
