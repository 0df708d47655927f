package dev.quiesce.rcu;

import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.WeakHashMap;

/**
 * The tasks grace period (DESIGN §2): the four quiescent-state sources, as the named phases of
 * {@link Phase}.
 *
 * <ol>
 *   <li>PRE_GP: full fence, ordering the callers' unlinks before every observation below.</li>
 *   <li>SCAN: each platform thread is quiescent now if its record is offline, if it is NEW, TERMINATED,
 *       WAITING or TIMED_WAITING, or if it has consumed no CPU time since a sample found it outside every
 *       read section; otherwise it is a holdout, with a snapshot of its record's word. A BLOCKED thread is a
 *       holdout at the scan and clears at the first recheck that still sees it not RUNNABLE
 *       (docs/memory-ordering.md explains the asymmetry); so are WAITING threads when the JVM runs with
 *       {@code -XX:+UseSystemMemoryBarrier}, which removes the fence their return path relies on.</li>
 *   <li>WAIT_HOLDOUTS: recheck with adaptive backoff (yields, then sleeps from 10 us doubling to the cap);
 *       a holdout clears when it is no longer RUNNABLE, when its word moved or went offline, or when a stack
 *       sample (rate-limited, after a delay that is ten times longer for threads that report; at once when
 *       expedited) holds no reader frame, or holds only frames of a {@link ReaderProgress} that saw the thread
 *       begin a read section since its previous sample. Due holdouts are sampled together, in one safepoint. A
 *       busy carrier is sampled through its mounted virtual thread.</li>
 *   <li>POST_GP: full fence, ordering every observation before the callers' frees.</li>
 * </ol>
 *
 * <p>GP: all state is owned by the driver thread (or by a test stepping the engine), except the counters,
 * which are volatile so {@link TasksRcu#stats()} can read them.
 */
final class TasksGracePeriod implements GracePeriodFlavor {
    private final String domain;
    private final ThreadView view;
    private final QsRegistry registry;
    private final ReaderFrames readers;
    private final TasksTuning tuning;
    private final StallReporter stalls;
    private final SampleBudget budget;
    /** The domain's grace-period thread: never a holdout (it runs no reader code). */
    private Thread self;
    /** GP: the thread running the current grace period (the driver, or a caller of synchronize()). */
    private Thread runner;
    /** GP: more runnable holdouts at the scan than the machine has CPUs; see {@link #sampleDelay}. */
    private boolean overcommitted;
    /**
     * GP: the scan kept waiting or blocked threads as holdouts because their return to Java is not fenced
     * ({@code -XX:+UseSystemMemoryBarrier}): the first recheck runs a process-wide barrier before it reads
     * their states again.
     */
    private boolean barrierDue;

    private final ArrayList<Holdout> holdouts = new ArrayList<>();
    /**
     * GP: threads found outside every read section by a sample, with their CPU time then. Weak keys: an entry
     * outlives its grace period (the next scan uses it), and a thread that ends meanwhile must not be kept,
     * with its Runnable and whatever that holds (an agent's class loader), until a next grace period comes.
     */
    private WeakHashMap<Thread, Long> cleanAtCpu = new WeakHashMap<>();
    /** GP: the reader-progress provider found at the scan; its snapshots live in the holdouts. */
    private ReaderProgress progress;
    private volatile Phase phase = Phase.IDLE;
    private long gpStart;
    private int gpSamples;
    private long scansSincePrune;

    /** GP: counters for stats(). */
    private volatile long holdoutsSeen;
    private volatile long samplesTaken;
    private volatile long samplesCleared;
    private volatile long idleClears;
    private volatile long progressClears;

    TasksGracePeriod(String domain, ThreadView view, QsRegistry registry, ReaderFrames readers, TasksTuning tuning) {
        this.domain = domain;
        this.view = view;
        this.registry = registry;
        this.readers = readers;
        this.tuning = tuning;
        this.stalls = new StallReporter(domain, tuning.stallInfoAfter().toNanos(), tuning.stallWarnAfter().toNanos());
        this.budget = new SampleBudget(tuning.samplesPerSecond(), view.nanoTime());
    }

    void setSelf(Thread self) {
        this.self = self;
    }

    @Override
    public String phase() {
        return phase.name();
    }

    @Override
    public void await(long seq, GracePeriodDriver.Control control) {
        runner = Thread.currentThread();
        GracePeriodEvent event = Jfr.recording() ? GracePeriodEvent.beginIfRecording() : null; // no JFR class otherwise
        boolean expedited = control.expedited(seq);
        phasePreGp();
        long start = view.nanoTime();
        phaseScan(start);
        int seen = holdouts.size();
        phase = Phase.WAIT_HOLDOUTS;
        stalls.reset();
        for (int round = 0; !holdouts.isEmpty(); round++) {
            expedited = control.expedited(seq);
            if (round > 0 || !(expedited || overcommitted)) { // samples are due at once: take them now
                pause(round, expedited, view.nanoTime() - start);
            }
            recheck(view.nanoTime(), expedited);
            if (!holdouts.isEmpty()) {
                stalls.check(seq, view.nanoTime() - start, holdouts, this::brief, this::describe);
            }
        }
        phasePostGp();
        if (event != null) {
            GracePeriodEvent.end(event, domain, "tasks", seq, expedited, seen, gpSamples);
        }
    }

    void phasePreGp() {
        phase = Phase.PRE_GP;
        // Full fence: the callers' unlinks (before their cookie() fence) and the driver's store of `started`
        // come before every thread-state, word and CPU-time read of this grace period. Pairs with the fence
        // after each record write (QsRecord) and with HotSpot's fenced transitions (docs/memory-ordering.md).
        VarHandle.fullFence();
    }

    /** SCAN: builds the holdout list. Returns the number of holdouts. */
    int phaseScan(long now) {
        phase = Phase.SCAN;
        gpStart = now;
        progress = readers.progressVolatile();
        gpSamples = 0;
        holdouts.clear();
        if (++scansSincePrune >= 64) {
            scansSincePrune = 0;
            registry.pruneDead();
        }
        WeakHashMap<Thread, Long> stillClean = new WeakHashMap<>();
        for (Thread t : view.platformThreads()) {
            if (t == self || t == runner) {
                continue;
            }
            Thread.State s = view.state(t);
            QsRecord r = registry.lookup(t);
            long snap = r == null ? 0 : r.lvWordAcquire();
            if ((snap & QsRecord.OFFLINE) != 0) {
                continue;
            }
            switch (s) {
                case NEW, TERMINATED -> {
                    continue;
                }
                case WAITING, TIMED_WAITING -> {
                    if (view.fencedReturnFromWaiting()) {
                        continue;
                    }
                }
                case RUNNABLE -> {
                    Long clean = cleanAtCpu.get(t);
                    if (clean != null && view.cpuTimeNanos(t) == clean) {
                        // Not one instruction since a sample saw it outside every read section.
                        stillClean.put(t, clean);
                        idleClears++;
                        continue;
                    }
                }
                default -> { } // BLOCKED: cleared by a later observation, see the class comment
            }
            holdouts.add(new Holdout(t, r, snap, s));
        }
        cleanAtCpu = stillClean;
        int runnable = 0;
        for (Holdout h : holdouts) {
            if (h.stateAtScan == Thread.State.RUNNABLE) {
                runnable++;
            }
        }
        overcommitted = runnable >= view.processors();
        barrierDue = !view.fencedReturnFromWaiting() && runnable < holdouts.size();
        holdoutsSeen += holdouts.size();
        return holdouts.size();
    }

    /** One WAIT_HOLDOUTS pass: clears what it can, samples what is due. Returns the holdouts left. */
    int recheck(long now, boolean expedited) {
        phase = Phase.WAIT_HOLDOUTS;
        if (barrierDue) {
            // Without the barrier, a second observation of "not RUNNABLE" rests on store buffers draining in
            // time; with it, a thread that had returned to Java before the barrier is seen RUNNABLE now, and
            // one that returns after it sees the unlink (docs/memory-ordering.md, "Thread state").
            barrierDue = false;
            view.processBarrier();
        }
        ArrayList<Holdout> due = null;
        for (Iterator<Holdout> it = holdouts.iterator(); it.hasNext(); ) {
            Holdout h = it.next();
            if (view.state(h.thread) != Thread.State.RUNNABLE) {
                it.remove(); // blocked, waiting, or terminated since: outside every read section
                continue;
            }
            if (h.record == null) {
                h.record = registry.lookup(h.thread);
            }
            if (h.record != null && QsRecord.passedQuiescentState(h.snapshot, h.record.lvWordAcquire())) {
                it.remove();
                continue;
            }
            if (now - gpStart >= sampleDelay(h, expedited) && now - h.nextSampleAt >= 0) {
                if (due == null) {
                    due = new ArrayList<>();
                }
                due.add(h);
            }
        }
        if (due != null) {
            due.sort((a, b) -> Integer.compare(a.samples, b.samples)); // least sampled first
            int granted = budget.take(due.size(), now);
            if (granted > 0) {
                sample(due.subList(0, granted), now);
            }
        }
        return holdouts.size();
    }

    /**
     * How old a holdout must be before it is sampled. Expedited grace periods sample at once. A thread that
     * has reported before will likely report again once it gets a CPU: it gets 25 times the first-sample
     * delay, so that a loaded machine's scheduler rotation, not a safepoint, clears it. A thread that never
     * reported is sampled after the first-sample delay, or at once when the machine is overcommitted: with
     * more runnable holdouts than CPUs, some wait for a CPU and cannot leave a read section before they get
     * one, which takes a scheduler rotation; one safepoint costs about the same and clears them together.
     */
    private long sampleDelay(Holdout h, boolean expedited) {
        if (expedited) {
            return 0;
        }
        long d = tuning.firstSampleDelay().toNanos();
        if (h.snapshot != 0) {
            return 25 * d;
        }
        return overcommitted ? 0 : d;
    }

    private void sample(List<Holdout> batch, long now) {
        int n = batch.size();
        ArrayList<Thread> targets = new ArrayList<>(n);
        long[] cpuBefore = new long[n];
        for (int i = 0; i < n; i++) {
            Holdout h = batch.get(i);
            Thread mounted = h.record == null ? null : h.record.lvMountedAcquire();
            if (mounted != null && mounted.getState() == Thread.State.TERMINATED) {
                // A stale mapping (no unmount hook ran): sample the carrier itself. Safe, because a carrier
                // running a virtual thread we do not know is never cleared by its own stack (below).
                mounted = null;
            }
            targets.add(mounted != null ? mounted : h.thread);
            cpuBefore[i] = mounted != null ? -1 : view.cpuTimeNanos(h.thread);
        }
        // Read before the sample, so that the sample (a handshake or safepoint with each thread) comes after
        // whatever the evidence saw: docs/memory-ordering.md, "Progress evidence".
        boolean[] progressed = progressedSince(batch, targets);
        StackTraceElement[][] stacks = view.sample(targets);
        for (int i = 0; i < n; i++) {
            Holdout h = batch.get(i);
            h.samples++;
            gpSamples++;
            samplesTaken++;
            StackTraceElement[] st = stacks[i];
            boolean viaVirtual = targets.get(i) != h.thread;
            if (st == null) {
                if (!viaVirtual) { // the thread terminated
                    holdouts.remove(h);
                }
                continue; // a virtual thread that ended has unmounted: its carrier's word moves
            }
            if (!viaVirtual && runsContinuation(st)) {
                // A carrier running a virtual thread we were not told about: its stack stops at
                // Continuation.run and hides the virtual thread's frames, so it proves nothing.
                h.lastReaderFrame = st[0];
                h.sampleBackoffNanos = Math.min(tuning.maxSampleBackoff().toNanos(),
                        h.sampleBackoffNanos == 0 ? 1_000_000L : 2 * h.sampleBackoffNanos);
                h.nextSampleAt = now + h.sampleBackoffNanos;
            } else if (readers.proveQuiescent(st)) {
                // A sample is a handshake or safepoint: the thread was stopped outside every read section.
                holdouts.remove(h);
                samplesCleared++;
                if (!viaVirtual && cpuBefore[i] >= 0 && view.cpuTimeNanos(h.thread) == cpuBefore[i]) {
                    cleanAtCpu.put(h.thread, cpuBefore[i]);
                }
            } else if (progressed != null && progressed[i] && readers.coveredBy(st, progress)) {
                // Inside read sections, but it began one after the last sample: those it was in have ended.
                holdouts.remove(h);
                progressClears++;
            } else {
                if (!viaVirtual) {
                    h.progressSnapshot = progressSnapshot(h.thread); // after the sample: see progressedSince
                }
                StackTraceElement frame = readers.firstReaderFrame(st);
                h.lastReaderFrame = frame != null ? frame : st[0];
                long max = tuning.maxSampleBackoff().toNanos();
                h.sampleBackoffNanos = Math.min(max, h.sampleBackoffNanos == 0 ? 1_000_000L : 2 * h.sampleBackoffNanos);
                h.nextSampleAt = now + h.sampleBackoffNanos;
            }
        }
    }

    /**
     * For each holdout about to be sampled, whether the progress provider saw it begin a read section since the
     * snapshot taken after its last sample; null without a provider. Only threads sampled themselves: a
     * carrier's own stack proves nothing while it runs a virtual thread.
     */
    private boolean[] progressedSince(List<Holdout> batch, List<Thread> targets) {
        ReaderProgress p = progress;
        if (p == null) {
            return null;
        }
        boolean[] out = new boolean[batch.size()];
        for (int i = 0; i < out.length; i++) {
            Holdout h = batch.get(i);
            if (h.progressSnapshot != null && targets.get(i) == h.thread) {
                try {
                    out[i] = p.progressedSince(h.thread, h.progressSnapshot);
                } catch (RuntimeException e) {
                    out[i] = false; // no evidence
                }
            }
        }
        return out;
    }

    /** The provider's snapshot of {@code t}, taken after a sample found it inside read sections; null if none. */
    private Object progressSnapshot(Thread t) {
        ReaderProgress p = progress;
        if (p == null) {
            return null;
        }
        try {
            return p.snapshot(t);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static boolean runsContinuation(StackTraceElement[] st) {
        for (StackTraceElement e : st) {
            if (e.getClassName().equals("jdk.internal.vm.Continuation")) {
                return true;
            }
        }
        return false;
    }

    void phasePostGp() {
        phase = Phase.POST_GP;
        // Not kept past its grace period: the provider may be an agent's, whose class loader must be able to go
        // when the agent detaches (the engine of the process-wide domain lives as long as the JVM).
        progress = null;
        // Full fence: every observation above comes before the callers' frees (and the store of `completed`).
        VarHandle.fullFence();
        phase = Phase.IDLE;
    }

    private void pause(int round, boolean expedited, long age) {
        long cap = (expedited ? tuning.expeditedMaxBackoff() : tuning.maxBackoff()).toNanos();
        // Overcommitted, a yield queues behind every runnable thread (a scheduler rotation): park instead.
        Backoff.pause(this, round, !overcommitted, cap, stalls.untilNext(age));
    }

    List<Holdout> holdouts() {
        return holdouts;
    }

    private String brief(Holdout h) {
        return "\"" + h.thread.getName() + "\"(" + view.state(h.thread) + ")";
    }

    private String describe(Holdout h) {
        StringBuilder sb = new StringBuilder();
        sb.append("  \"").append(h.thread.getName()).append("\" #").append(ThreadIds.of(h.thread))
                .append(" state=").append(view.state(h.thread)).append(" (at scan ").append(h.stateAtScan).append(')');
        long now = h.currentWord();
        if (h.record == null && now < 0) {
            sb.append(" no quiescent-state record");
        } else {
            sb.append(" counter snapshot=").append(h.snapshot >>> 1).append(" now=").append(now >>> 1);
            if ((now & QsRecord.OFFLINE) != 0) {
                sb.append(" offline");
            }
        }
        Thread mounted = h.record == null ? null : h.record.lvMountedAcquire();
        if (mounted != null) {
            sb.append(" mounted=\"").append(mounted.getName()).append("\"");
        }
        sb.append(" samples=").append(h.samples);
        if (h.lastReaderFrame != null) {
            sb.append(readers.isEmpty() ? " last sampled at " : " in read section at ").append(h.lastReaderFrame);
        }
        if (readers.isEmpty()) {
            sb.append(" (no reader frames registered: only a native top frame clears it by sampling)");
        }
        StackTraceElement[][] st = view.sample(List.of(mounted != null ? mounted : h.thread));
        String what = readers.describe(st[0]);
        if (what != null) {
            sb.append(" [").append(what).append(']');
        }
        if (st[0] != null) {
            for (StackTraceElement e : st[0]) {
                sb.append("\n      at ").append(e);
            }
        }
        return sb.toString();
    }

    long holdoutsSeen() {
        return holdoutsSeen;
    }

    long samplesTaken() {
        return samplesTaken;
    }

    long samplesCleared() {
        return samplesCleared;
    }

    long idleClears() {
        return idleClears;
    }

    long progressClears() {
        return progressClears;
    }

    StallReporter stalls() {
        return stalls;
    }
}
