package dev.quiesce.rcu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The TasksTraceRcu grace period: SRCU's two-phase flip over per-thread counters.
 *
 * <p>A reader reads the index, counts a lock in that slot, fences, reads; it counts an unlock in the same
 * slot (release). A grace period waits until the slot not in use is drained (readers that read the index
 * before the previous flip), flips the index, then waits until the slot that was in use is drained. A slot
 * is drained when the sum of its unlocks, read first, equals the sum of its locks, read after a fence: a
 * reader missed by the lock sum entered after the fence, so it read the index after the flip before it
 * (docs/memory-ordering.md, "TasksTraceRcu").
 *
 * <p>On JDK 22+ readers do not fence ({@link TraceReader#ASYMMETRIC}): a slot that looks drained across a
 * plain fence is confirmed across a {@link ProcessBarrier} instead, which makes every thread fence for them.
 * The readers' fence moves to the grace period, once per confirmed slot (SRCU-fast's trade).
 *
 * <p>Field legend: {@code R:} the index, written by the grace-period thread (volatile), read by readers
 * (opaque); {@code L:} the reader list and free slots, under the list's lock; {@code C:} copy-on-write
 * under the list's lock, read without it; {@code GP:} grace-period thread only.
 */
final class TraceGracePeriod implements GracePeriodFlavor {
    private final String domain;
    private final StallReporter stalls;
    /** R: */
    @SuppressWarnings("unused")
    private int index;
    /** L: every reader that ever locked, until pruned after its thread ended with no open section. */
    private final ArrayList<TraceReader> readers = new ArrayList<>();
    /** L: slots of pruned readers, for reuse. */
    private final java.util.ArrayDeque<Integer> freeSlots = new java.util.ArrayDeque<>();
    /** C: reader by slot, so an unlock finds its reader from the token without a thread-local lookup. */
    private volatile TraceReader[] slots = new TraceReader[16];
    /** GP: */
    private volatile String phase = "IDLE";
    private volatile long waits;
    /** GP: process-wide barriers issued by {@link #drainedAcrossBarrier}. */
    private volatile long barriers;

    TraceGracePeriod(String domain, long stallInfoAfterNanos, long stallWarnAfterNanos) {
        this.domain = domain;
        this.stalls = new StallReporter(domain, stallInfoAfterNanos, stallWarnAfterNanos);
    }

    int lvIndexOpaque() {
        return (int) INDEX.getOpaque(this);
    }

    /** Creates and registers the calling thread's reader. */
    TraceReader register(Thread owner) {
        synchronized (readers) {
            Integer free = freeSlots.poll();
            int slot = free != null ? free : readers.size();
            TraceReader r = new TraceReader(owner, slot);
            TraceReader[] s = slots;
            if (slot >= s.length) {
                s = java.util.Arrays.copyOf(s, Math.max(2 * s.length, slot + 1));
            } else {
                s = s.clone();
            }
            s[slot] = r;
            slots = s;
            readers.add(r);
            return r;
        }
    }

    /** The reader in {@code slot}, or null. Any thread; racy reads see a table that holds every live reader. */
    TraceReader reader(int slot) {
        TraceReader[] s = slots;
        return slot < s.length ? s[slot] : null;
    }

    int readerCount() {
        synchronized (readers) {
            return readers.size();
        }
    }

    @Override
    public String phase() {
        return phase;
    }

    @Override
    public void await(long seq, GracePeriodDriver.Control control) {
        GracePeriodEvent event = Jfr.recording() ? GracePeriodEvent.beginIfRecording() : null; // no JFR class otherwise
        phase = "PRE_GP";
        VarHandle.fullFence();
        int cur = (int) INDEX.getVolatile(this);
        prune();
        phase = "WAIT_OLD_INDEX";
        waitDrained(seq, cur ^ 1, control);
        phase = "FLIP";
        // Fences on both sides: the drained check above before the flip, the flip before the checks below.
        VarHandle.fullFence();
        INDEX.setVolatile(this, cur ^ 1);
        VarHandle.fullFence();
        phase = "WAIT_CURRENT_INDEX";
        waitDrained(seq, cur, control);
        phase = "POST_GP";
        VarHandle.fullFence();
        phase = "IDLE";
        if (event != null) {
            GracePeriodEvent.end(event, domain, "tasks-trace", seq, control.expedited(seq), 0, 0);
        }
    }

    private void waitDrained(long seq, int idx, GracePeriodDriver.Control control) {
        if (drained(idx)) {
            return;
        }
        waits++;
        long start = control.nanoTime();
        stalls.reset();
        for (int round = 0; ; round++) {
            long cap = control.expedited(seq) ? 1_000_000L : 5_000_000L;
            Backoff.pause(this, round, true, cap, stalls.untilNext(control.nanoTime() - start));
            if (drained(idx)) {
                return;
            }
            stalls.check(seq, control.nanoTime() - start, holdouts(idx), this::brief, r -> describe(r, idx));
        }
    }

    /** True when no reader holds a section begun with index {@code idx}. */
    boolean drained(int idx) {
        if (!drainedFenced(idx)) {
            return false; // "not drained" needs no proof
        }
        return !TraceReader.ASYMMETRIC || drainedAcrossBarrier(idx);
    }

    /**
     * The check when readers fence their lock counts: unlocks, a fence, locks. Also the cheap first pass
     * when they do not, since a false answer is always safe.
     */
    boolean drainedFenced(int idx) {
        TraceReader[] rs = readerArray();
        long unlocks = unlockSum(rs, idx);
        // Unlocks before locks, with a fence between (SRCU's A): a lock missed below happened after this fence.
        VarHandle.fullFence();
        return lockSum(rs, idx) == unlocks;
    }

    /**
     * The check when readers count locks without a fence: unlocks, a process-wide barrier, locks. A lock
     * missed by the sum was counted after its thread took part in the barrier, so that thread's section
     * loads see everything this thread stored before it, the unlink included.
     */
    boolean drainedAcrossBarrier(int idx) {
        TraceReader[] rs = readerArray();
        if (rs.length == 0) {
            // A reader registered after this snapshot did so under the list's lock, after the unlink: its
            // section's loads see the unlink without any barrier.
            return true;
        }
        long unlocks = unlockSum(rs, idx);
        VarHandle.fullFence();
        ProcessBarrier.emit();
        barriers++;
        VarHandle.fullFence();
        return lockSum(rs, idx) == unlocks;
    }

    private TraceReader[] readerArray() {
        synchronized (readers) {
            return readers.toArray(new TraceReader[0]);
        }
    }

    private static long unlockSum(TraceReader[] rs, int idx) {
        long sum = 0;
        for (TraceReader r : rs) {
            sum += r.lvUnlockAcquire(idx);
        }
        return sum;
    }

    private static long lockSum(TraceReader[] rs, int idx) {
        long sum = 0;
        for (TraceReader r : rs) {
            sum += r.lvLockAcquire(idx);
        }
        return sum;
    }

    private List<TraceReader> holdouts(int idx) {
        List<TraceReader> out = new ArrayList<>();
        synchronized (readers) {
            for (TraceReader r : readers) {
                if (r.lvLockAcquire(idx) != r.lvUnlockAcquire(idx)) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    /** Drops readers whose thread ended with every section closed (their counts cancel out). */
    private void prune() {
        synchronized (readers) {
            TraceReader[] s = null; // one copy of the slot table per pass, made on the first removal
            for (Iterator<TraceReader> it = readers.iterator(); it.hasNext(); ) {
                TraceReader r = it.next();
                if (!r.owner.isAlive() && r.lvLockAcquire(0) == r.lvUnlockAcquire(0)
                        && r.lvLockAcquire(1) == r.lvUnlockAcquire(1)) {
                    it.remove();
                    if (s == null) {
                        s = slots.clone();
                    }
                    s[r.slot] = null;
                    freeSlots.add(r.slot);
                }
            }
            if (s != null) {
                slots = s;
            }
        }
    }

    private String brief(TraceReader r) {
        return "\"" + r.owner.getName() + "\"(" + r.owner.getState() + ")";
    }

    private String describe(TraceReader r, int idx) {
        StringBuilder sb = new StringBuilder();
        sb.append("  \"").append(r.owner.getName()).append("\" #").append(r.owner.getId()).append(" state=")
                .append(r.owner.getState()).append(" read sections open with index ").append(idx).append(": ")
                .append(r.lvLockAcquire(idx) - r.lvUnlockAcquire(idx));
        if (!r.owner.isAlive()) {
            sb.append(" (the thread ended inside a read section: this grace period can never end)");
        }
        for (StackTraceElement e : r.owner.getStackTrace()) {
            sb.append("\n      at ").append(e);
        }
        return sb.toString();
    }

    long waits() {
        return waits;
    }

    long barriers() {
        return barriers;
    }

    StallReporter stalls() {
        return stalls;
    }

    private static final VarHandle INDEX;

    static {
        try {
            INDEX = MethodHandles.lookup().findVarHandle(TraceGracePeriod.class, "index", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
