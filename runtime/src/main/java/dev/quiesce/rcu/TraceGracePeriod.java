package dev.quiesce.rcu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

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
 * (opaque); {@code C:} the reader table, replaced whole by a CAS (copy on write; registering threads and the
 * grace-period thread's prune), read volatile; {@code GP:} grace-period thread only.
 *
 * <p>No monitor guards the table: a thread registers its reader inside a TASKS section (a probe chain that holds
 * a sleepable handler), and a thread that waited for a monitor there would be BLOCKED, which a tasks grace period
 * takes as quiescent (docs/memory-ordering.md, "Registering a reader").
 */
final class TraceGracePeriod implements GracePeriodFlavor {
    /**
     * {@link TraceReader#ASYMMETRIC}; reading it here initializes {@code TraceReader} with this class, not in a
     * thread's first registration inside a TASKS section, where its initialization lock could make it wait.
     */
    private static final boolean ASYMMETRIC_READERS = TraceReader.ASYMMETRIC;
    private final String domain;
    private final StallReporter stalls;
    /** R: */
    @SuppressWarnings("unused")
    private int index;
    /**
     * C: every reader that ever locked, by slot (tokens carry the slot, so an unlock finds its reader without a
     * thread-local lookup), until pruned after its thread ended with no open section; null entries are free.
     * Package-private for {@code TasksTraceRcu.readUnlock}'s overflow path, which may make no call.
     */
    volatile TraceReader[] slots = new TraceReader[16];
    /** GP: */
    private volatile String phase = "IDLE";
    private volatile long waits;
    /** GP: process-wide barriers issued by {@link #drainedAcrossBarrier}. */
    private volatile long barriers;
    /**
     * Set by {@code TasksTraceRcu.closeSectionsLeftOpen} (volatile): the frames in which a section of this domain
     * may be open. Null: only the sections of threads that ended are closed for them.
     */
    private volatile Predicate<StackTraceElement> sectionFrames;
    /** GP: sections closed for the threads that left them open (volatile: read by stats). */
    private volatile long closedForTheirThreads;
    /** A live holdout is first sampled for sections left open after this long, then at most this often. */
    static final long LEFT_OPEN_FIRST_SAMPLE_NANOS = 10_000_000L;
    static final long LEFT_OPEN_SAMPLE_EVERY_NANOS = 100_000_000L;
    private static final System.Logger LOG = System.getLogger("dev.quiesce.rcu");
    /** Tests only: run by {@link #closeLeftOpen} after a live holdout's sample, before its CAS. */
    static volatile Runnable afterLeftOpenSampleForTest;
    /** Tests only: run by {@link #register} between reading the table and publishing the new one. */
    static volatile Runnable beforePublishForTest;
    /** Tests only: run by {@link #prune} between reading the table and installing its copy. */
    static volatile Runnable beforePruneForTest;

    TraceGracePeriod(String domain, long stallInfoAfterNanos, long stallWarnAfterNanos) {
        this.domain = domain;
        this.stalls = new StallReporter(domain, stallInfoAfterNanos, stallWarnAfterNanos);
    }

    int lvIndexOpaque() {
        return (int) INDEX.getOpaque(this);
    }

    /**
     * Creates and registers the calling thread's reader in the first free slot, or, with none free, in the
     * slot of a reader that a prune would drop (its thread ended with every section closed), before growing
     * the table: threads that each lock once and end (virtual threads serving requests) would otherwise grow it,
     * and the copy every registration makes, until a grace period ran. Lock-free: a registration that loses the
     * CAS to another (or to a prune) retries on the new table, RUNNABLE throughout.
     */
    TraceReader register(Thread owner) {
        for (;;) {
            TraceReader[] s = table();
            int slot = 0;
            while (slot < s.length && s[slot] != null) {
                slot++;
            }
            if (slot == s.length) {
                for (int i = 0; i < s.length; i++) {
                    if (prunable(s[i])) {
                        slot = i;
                        break;
                    }
                }
            }
            TraceReader[] n = slot < s.length ? s.clone() : Arrays.copyOf(s, 2 * s.length);
            TraceReader r = new TraceReader(owner, slot);
            n[slot] = r;
            Runnable hook = beforePublishForTest;
            if (hook != null) {
                hook.run();
            }
            if (SLOTS.compareAndSet(this, s, n)) {
                // The publication before any load of the thread's first section: a grace period whose table
                // missed this reader reads the table after its unlink, so the section sees the unlink (store
                // buffering, fenced on both sides; docs/memory-ordering.md, "Registering a reader").
                VarHandle.fullFence();
                return r;
            }
        }
    }

    int readerCount() {
        int n = 0;
        for (TraceReader r : table()) {
            if (r != null) {
                n++;
            }
        }
        return n;
    }

    private static boolean isEmpty(TraceReader[] rs) {
        for (TraceReader r : rs) {
            if (r != null) {
                return false;
            }
        }
        return true;
    }

    /** The current table (a volatile read): readers registered before it are in it. Null entries are free. */
    private TraceReader[] table() {
        return (TraceReader[]) SLOTS.getVolatile(this);
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
        long nextSample = LEFT_OPEN_FIRST_SAMPLE_NANOS;
        for (int round = 0; ; round++) {
            long cap = control.expedited(seq) ? 1_000_000L : 5_000_000L;
            Backoff.pause(this, round, true, cap, stalls.untilNext(control.nanoTime() - start));
            if (drained(idx)) {
                return;
            }
            long age = control.nanoTime() - start;
            boolean sample = sectionFrames != null && age >= nextSample;
            if (sample) {
                nextSample = age + LEFT_OPEN_SAMPLE_EVERY_NANOS;
            }
            if (closeLeftOpen(idx, sample) && drained(idx)) {
                return;
            }
            stalls.check(seq, control.nanoTime() - start, holdouts(idx), this::brief, r -> describe(r, idx));
        }
    }

    void closeSectionsLeftOpen(Predicate<StackTraceElement> frames) {
        sectionFrames = frames;
    }

    /**
     * GP: closes the sections, counted with index {@code idx}, that their thread left open without an unlock
     * (docs/memory-ordering.md, "Sections left open"): every open section of a thread that ended; and, when
     * {@code sampleLive}, those of a live thread whose stack, sampled after its counts were read, holds no frame
     * in which a section may be open. Returns whether it closed any.
     */
    private boolean closeLeftOpen(int idx, boolean sampleLive) {
        Predicate<StackTraceElement> frames = sectionFrames;
        boolean closed = false;
        for (TraceReader r : table()) {
            if (r == null) {
                continue;
            }
            // First: an ended thread's counts, read after this, are final (its end happens before isAlive false).
            boolean ended = !r.owner.isAlive();
            if (!ended && !sampleLive) {
                continue;
            }
            long unlocks = r.lvUnlockAcquire(idx);
            long locks = r.lvLockAcquire(idx);
            if (locks == unlocks) {
                continue;
            }
            String why = "its thread ended";
            if (!ended) {
                // After the counts: a section they count was begun before the sample. If the sample shows the
                // thread in no frame that may hold one, each was closed before it (an unlock: the CAS fails)
                // or left open for good.
                StackTraceElement[] st = JvmThreadView.INSTANCE.sample(List.of(r.owner))[0];
                if (st == null || st.length == 0 || ReaderFrames.truncated(st) || holdsSectionFrame(st, frames)) {
                    continue; // ended meanwhile (the next round closes it), no frames seen, cut, or maybe inside
                }
                Runnable hook = afterLeftOpenSampleForTest;
                if (hook != null) {
                    hook.run();
                }
                why = "its stack holds no frame that may hold one";
            }
            if (r.casUnlock(idx, unlocks, locks)) {
                closed = true;
                closedForTheirThreads += locks - unlocks;
                LOG.log(System.Logger.Level.WARNING, (locks - unlocks) + " read section(s) of \"" + domain
                        + "\" left open by thread \"" + r.owner.getName() + "\" #" + ThreadIds.of(r.owner)
                        + " without an unlock (a StackOverflowError at the unlock's call, or a missing unlock) were"
                        + " closed by the grace period: " + why);
            }
        }
        return closed;
    }

    /** True if a frame may hold a section; a predicate that throws answers true (nothing is closed on it). */
    private static boolean holdsSectionFrame(StackTraceElement[] stack, Predicate<StackTraceElement> frames) {
        try {
            for (StackTraceElement e : stack) {
                if (frames.test(e)) {
                    return true;
                }
            }
            return false;
        } catch (RuntimeException | Error e) {
            return true;
        }
    }

    long closedForTheirThreads() {
        return closedForTheirThreads;
    }

    /** True when no reader holds a section begun with index {@code idx}. */
    boolean drained(int idx) {
        if (!drainedFenced(idx)) {
            return false; // "not drained" needs no proof
        }
        return !ASYMMETRIC_READERS || drainedAcrossBarrier(idx);
    }

    /**
     * The check when readers fence their lock counts: unlocks, a fence, locks. Also the cheap first pass
     * when they do not, since a false answer is always safe.
     */
    boolean drainedFenced(int idx) {
        TraceReader[] rs = table();
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
        TraceReader[] rs = table();
        if (isEmpty(rs)) {
            // A reader missing from this table published itself after this read, so its section's loads see
            // the unlink without any barrier (docs/memory-ordering.md, "Registering a reader").
            return true;
        }
        long unlocks = unlockSum(rs, idx);
        VarHandle.fullFence();
        ProcessBarrier.emit();
        barriers++;
        VarHandle.fullFence();
        return lockSum(rs, idx) == unlocks;
    }

    private static long unlockSum(TraceReader[] rs, int idx) {
        long sum = 0;
        for (TraceReader r : rs) {
            if (r != null) {
                sum += r.lvUnlockAcquire(idx);
            }
        }
        return sum;
    }

    private static long lockSum(TraceReader[] rs, int idx) {
        long sum = 0;
        for (TraceReader r : rs) {
            if (r != null) {
                sum += r.lvLockAcquire(idx);
            }
        }
        return sum;
    }

    private List<TraceReader> holdouts(int idx) {
        List<TraceReader> out = new ArrayList<>();
        for (TraceReader r : table()) {
            if (r != null && r.lvLockAcquire(idx) != r.lvUnlockAcquire(idx)) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * GP: frees the slots of readers whose thread ended with every section closed (their counts cancel out). A
     * registration that published meanwhile makes the CAS fail; the pass runs again on its table.
     */
    private void prune() {
        for (;;) {
            TraceReader[] s = table();
            TraceReader[] n = null; // copied on the first removal
            for (int i = 0; i < s.length; i++) {
                TraceReader r = s[i];
                if (prunable(r)) {
                    if (n == null) {
                        n = s.clone();
                    }
                    n[i] = null;
                }
            }
            if (n == null) {
                return;
            }
            Runnable hook = beforePruneForTest;
            if (hook != null) {
                hook.run();
            }
            if (SLOTS.compareAndSet(this, s, n)) {
                return;
            }
        }
    }

    /**
     * A reader whose thread ended with every section closed: its counts cancel out in both sums, so a table
     * without it gives every drained check the same answer, and no live thread holds a token of its slot.
     */
    private static boolean prunable(TraceReader r) {
        return r != null && !r.owner.isAlive() && r.lvLockAcquire(0) == r.lvUnlockAcquire(0)
                && r.lvLockAcquire(1) == r.lvUnlockAcquire(1);
    }

    private String brief(TraceReader r) {
        return "\"" + r.owner.getName() + "\"(" + r.owner.getState() + ")";
    }

    private String describe(TraceReader r, int idx) {
        StringBuilder sb = new StringBuilder();
        sb.append("  \"").append(r.owner.getName()).append("\" #").append(ThreadIds.of(r.owner)).append(" state=")
                .append(r.owner.getState()).append(" read sections open with index ").append(idx).append(": ")
                .append(r.lvLockAcquire(idx) - r.lvUnlockAcquire(idx));
        if (!r.owner.isAlive()) {
            sb.append(" (the thread ended inside a read section: the grace period closes it)");
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
    private static final VarHandle SLOTS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            INDEX = l.findVarHandle(TraceGracePeriod.class, "index", int.class);
            SLOTS = l.findVarHandle(TraceGracePeriod.class, "slots", TraceReader[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        // Link here, once, the VarHandle call sites a thread's first read section runs (the table's CAS, the
        // index, the counts), rather than in that section: linking one may generate code under monitors, and a
        // thread waiting for a monitor inside a TASKS section is BLOCKED ("Registering a reader").
        TraceGracePeriod scratch = new TraceGracePeriod("link", Long.MAX_VALUE, Long.MAX_VALUE);
        TraceReader r = scratch.register(Thread.currentThread());
        for (int idx = 0; idx < 2; idx++) {
            scratch.lvIndexOpaque();
            r.lock(idx);
            r.unlock(idx);
            r.lvLockAcquire(idx); // a registration that finds the table full reads other readers' counts
            r.lvUnlockAcquire(idx);
        }
    }
}
