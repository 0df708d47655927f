package dev.quiesce.wq;

import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The workers of one shard of one {@link Workqueue} (or of an unbound queue), with the shard's pending items.
 *
 * <p>Concurrency management (cmwq): an item starts when no busy worker of the pool is runnable, so CPU-bound
 * items run one at a time per pool while an item that blocks (parks, waits, sleeps, blocks on a monitor) lets
 * the next one start. The JVM has no scheduler hook for platform threads, so one idle worker, the poller,
 * rechecks the busy workers' states every {@link #POLL_MILLIS} while items wait. The pool keeps one idle worker
 * in reserve while it works: the worker that takes the last idle slot creates the next one, outside the lock.
 *
 * <p>When a worker cannot be created (the factory throws, returns null, or the JVM cannot start a thread),
 * accepted items stay queued, never dropped: a {@code memReclaim} queue's rescuer is called (mayday) and runs
 * them one at a time; creation is retried by the next enqueue, by finishing workers, and by the rescuer's
 * timer.
 *
 * <p>Everything below is guarded by {@code this} (a monitor, not a {@code ReentrantLock}: entering it
 * allocates no Java object, which the rescuer's path requires), except {@link #queued}, which the rescuer also
 * reads without the lock.
 */
final class WorkerPool {
    private static final System.Logger LOG = System.getLogger("dev.quiesce.wq");
    static final long POLL_MILLIS = 1;
    /** How long a worker whose pool just ran dry watches the intake before it sleeps. */
    static final long SPIN_NANOS = 50_000L;
    static final long CREATE_COOLDOWN_NANOS = 10_000_000L;
    /** How long close() waits for workers that run nothing to exit. */
    static final long ZOMBIE_NANOS = 10_000_000_000L;

    final Workqueue wq;
    /** The shard, or -1 for an unbound queue's single pool. */
    final int shard;

    private final WorkList worklist = new WorkList();
    /** Workers running an item (the busy list's length, the rescuer included): at most {@code maxActive}. */
    private int nrBusy;
    private int nrWorkers;
    private int nrIdle;
    private Worker busyHead;
    private boolean creating;
    private boolean poller;
    /**
     * The last look for work skipped an item still running on another pool (queued on this queue while another
     * queue ran it): that pool's finish does not wake this one, so idle workers wait with a timeout meanwhile.
     */
    private boolean waitsForForeignRunner;
    /** A notify went to idle workers and none has returned from its wait since: one will look for work. */
    private boolean wakeInFlight;
    private boolean stopping;
    /** Items started so far; the rescuer and the watchdog compare it across time. */
    private long started;
    private long lastCreationFailureNanos;
    private Throwable lastCreationFailure;
    private long creationFailures;
    private long rescued;
    /** Watchdog's: {@link #started} at its last pass, and since when it has not moved with items pending. */
    private long startedAtLastCheck = -1;
    private long stallSince;
    private boolean lockupReported;
    /** Items pending in this pool (the worklist); written under the lock, read opaque by the rescuer. */
    @SuppressWarnings("unused") // through QUEUED
    private int queued;
    /** The submitter-facing half: the intake stack and the wake-up words, on cache lines of their own. */
    final PoolIntake intake;

    WorkerPool(Workqueue wq, int shard) {
        this.wq = wq;
        this.shard = shard;
        this.intake = new PoolIntake(wq, this);
    }

    // ---- submit ---------------------------------------------------------------------------------------------

    /**
     * A submitter's slow path, after its push ({@link PoolIntake#enqueue}): under the lock, moves the intake to
     * the lists and wakes an idle worker, or creates one when none exists.
     */
    void kick() {
        boolean create;
        synchronized (this) {
            for (;;) {
                drainIntakeLocked();
                create = kickLocked();
                if (create || !worklist.isEmpty()) {
                    break; // a worker was woken or will be created, or a runnable busy one takes the items
                }
                // Nothing to start: a worker took the item already. The woken mark this submitter may have set
                // promised other submitters a later clear followed by a look at the intake, and nobody was woken
                // to keep that promise: keep it here.
                intake.clearWoken();
                if (intake.isEmptyVolatile()) {
                    break;
                }
            }
        }
        if (create) {
            createWorker();
        }
    }

    /** {@link PoolIntake#registerWaiter()}, under this pool's lock. */
    boolean registerWaiterLocked() {
        return intake.registerWaiter();
    }

    /** {@link PoolIntake#markWoken()}, under this pool's lock. */
    void markWokenLocked() {
        intake.markWoken();
    }

    /** Moves the intake, oldest first, to the worklist. */
    private void drainIntakeLocked() {
        if (intake.isEmptyVolatile()) {
            return;
        }
        Work top = intake.takeAll();
        Work prev = null; // reverse the stack: queue order
        while (top != null) {
            Work next = top.nextIntake;
            top.nextIntake = prev;
            prev = top;
            top = next;
        }
        int before = queuedLocked();
        int added = 0;
        for (Work w = prev; w != null; ) {
            Work next = w.nextIntake;
            w.nextIntake = null;
            w.pool = this;
            worklist.addLast(w);
            added++;
            w = next;
        }
        setQueued(before + added);
    }

    private void setIdle(int n) {
        nrIdle = n;
        intake.publishIdle(n);
    }

    /**
     * Wakes an idle worker if the worklist has items, or claims the creation of a worker when there is none.
     * Returns true if the caller must call {@link #createWorker()}.
     */
    private boolean kickLocked() {
        if (worklist.isEmpty() || stopping || nrBusy >= wq.maxActive) {
            return false; // at maxActive, the next worker to finish starts it
        }
        if (runnableBusyLocked() > 0) {
            return false; // a runnable worker takes it when done; the poller sees it if that worker blocks
        }
        if (nrIdle > 0) {
            markWokenLocked();
            notify();
            wakeInFlight = true;
            return false;
        }
        if (!creating && !wq.dedicated && !inCreationCooldownLocked()) {
            creating = true;
            return true;
        }
        return false;
    }

    /** After a failed creation, submitters do not try again for a while: each attempt may cost milliseconds. */
    private boolean inCreationCooldownLocked() {
        return creationFailures > 0 && System.nanoTime() - lastCreationFailureNanos < CREATE_COOLDOWN_NANOS;
    }

    /** Removes {@code w} if it is pending in this pool and not started; returns whether it did. */
    boolean cancel(Work w) {
        return removePending(w, ANY_QUEUEING);
    }

    /**
     * A queueing that saw its queue closed after its push takes itself back: removes {@code w} if it is still
     * pending here, not started, with the accepted count {@code accepted} that this queueing gave it (a later
     * queueing of the same item has a larger one, and an earlier one was started before this one could win the
     * pending bit). Returns whether it did; false means a worker started it (or a cancel took it), so it stays
     * accepted.
     */
    boolean takeBack(Work w, long accepted) {
        return removePending(w, accepted);
    }

    private static final long ANY_QUEUEING = -1;

    private synchronized boolean removePending(Work w, long accepted) {
        drainIntakeLocked();
        if (w.pool != this || w.list != worklist || !w.isPending()
                || (accepted != ANY_QUEUEING && w.acceptedVolatile() != accepted)) {
            return false;
        }
        worklist.remove(w);
        setQueued(queuedLocked() - 1);
        w.clearPending();
        w.finished = w.finished + 1;
        if (w.runner == null) {
            w.pool = null;
        }
        wq.signalFinished();
        return true;
    }

    // ---- workers --------------------------------------------------------------------------------------------

    /** The one thread of a dedicated worker, started when it is built; returns the failure, or null. */
    Throwable startDedicatedThread() {
        synchronized (this) {
            creating = true;
        }
        createWorker();
        synchronized (this) {
            return nrWorkers == 1 ? null : lastCreationFailure;
        }
    }

    /**
     * Creates and starts one worker; the caller claimed {@link #creating}. Never throws: a failure is recorded,
     * reported, and answered with a mayday.
     */
    void createWorker() {
        Throwable failure = tryCreateWorker();
        if (failure == null) {
            return;
        }
        boolean noWorker;
        synchronized (this) {
            creating = false;
            creationFailures++;
            lastCreationFailure = failure;
            lastCreationFailureNanos = System.nanoTime();
            noWorker = !worklist.isEmpty() && nrWorkers == 0;
        }
        wq.creationFailed(this, failure, noWorker);
    }

    /** One attempt: the failure, or null once the thread runs. */
    private Throwable tryCreateWorker() {
        try {
            Worker worker = new Worker(this, false);
            Thread t = wq.threadFactory.newThread(worker);
            if (t == null) {
                return new IllegalStateException("the thread factory returned null");
            }
            worker.thread = t;
            synchronized (this) {
                nrWorkers++;
                setIdle(nrIdle + 1);
                // Cleared before the thread starts: if it takes an item at once, it finds `creating` unset and
                // makes the pool's spare itself, on its own thread, never on a submitter's.
                creating = false;
            }
            try {
                t.start();
                return null;
            } catch (Throwable e) { // OutOfMemoryError: unable to create native thread, among others
                synchronized (this) {
                    nrWorkers--;
                    setIdle(nrIdle - 1);
                }
                return e;
            }
        } catch (Throwable e) { // the factory threw, or no heap for the Worker or the Thread
            return e;
        }
    }

    /** Called by the rescuer's timer: tries again to create a worker if items wait and none can start them. */
    void retryCreation() {
        boolean create = false;
        synchronized (this) {
            drainIntakeLocked();
            if (!stopping && !wq.dedicated && !worklist.isEmpty() && nrIdle == 0 && !creating
                    && nrBusy < wq.maxActive && runnableBusyLocked() == 0) {
                creating = true;
                create = true;
            }
        }
        if (create) {
            createWorker();
        }
    }

    void workerLoop(Worker self) {
        Work w = null;
        boolean spun = false; // since this worker's last item
        for (;;) {
            boolean spare = false;
            boolean spin = false;
            synchronized (this) {
                if (w != null) {
                    finishLocked(self, w);
                    // Published only if this worker stays idle: a worker that goes from one item to the next
                    // leaves the count, and the line submitters read, as it was.
                    nrIdle++;
                }
                w = null;
                for (;;) {
                    w = startableLocked();
                    if (w != null) {
                        break;
                    }
                    setIdle(nrIdle); // before any wait or exit
                    if (stopping && worklist.isEmpty() && intake.isEmptyVolatile()) {
                        setIdle(nrIdle - 1);
                        nrWorkers--;
                        notifyAll();
                        return;
                    }
                    if (busyHead != null && !poller && nrBusy < wq.maxActive) {
                        // While any worker is busy, one idle worker watches for it to block, so that queueing
                        // needs no wake-up while a runnable worker will take the item anyway. Not at maxActive:
                        // nothing could start, and the next worker to finish starts the next item.
                        poller = true;
                        waitLocked(POLL_MILLIS);
                        poller = false;
                        intake.clearWoken(); // after every return from a wait, before the intake is read again
                        continue;
                    }
                    if (busyHead == null && !spun && !stopping && !wq.dedicated) {
                        // The pool just ran dry: watch the intake for a moment, outside the lock, before
                        // sleeping. A submitter that comes back at once (a burst, a request and its reply) then
                        // needs no wake-up. This worker stays counted idle, so submitters rely on it as on the
                        // poller, and it looks for work, and registers, before it ever sleeps.
                        spin = true;
                        spun = true;
                        break;
                    }
                    // With nobody busy, a queueing must wake us: register, then look at the intake once more.
                    // A submitter that saw the woken mark skipped the lock, counting on a later clear of the
                    // mark followed by a look at the intake: this worker clears it before its registration's.
                    boolean register = busyHead == null;
                    if (register) {
                        intake.clearWoken();
                        if (!registerWaiterLocked()) {
                            continue;
                        }
                    }
                    // An extra idle worker exits if nothing needs it for the idle timeout.
                    boolean extra = nrIdle > 1 && !stopping;
                    boolean timedOut = waitLocked(waitsForForeignRunner ? POLL_MILLIS : extra ? wq.idleTimeoutMillis : 0);
                    if (register) {
                        intake.unregisterWaiter(); // before the clear: submitters see the waiter gone first
                    }
                    intake.clearWoken(); // after every return from a wait, before the intake is read again
                    // Not while a worker is busy with nobody polling: a notify meant to make a poller may have
                    // picked this worker, and it must not leave with it.
                    if (extra && timedOut && worklist.isEmpty() && intake.isEmptyVolatile() && nrIdle > 1
                            && (busyHead == null || poller)) {
                        setIdle(nrIdle - 1);
                        nrWorkers--;
                        return;
                    }
                }
                if (!spin) {
                    spun = false;
                    setIdle(nrIdle - 1);
                    startLocked(self, w);
                    // Keep one idle worker while any is busy: it starts the next item if this one blocks
                    // (none at maxActive: it could not).
                    spare = nrIdle == 0 && !creating && !stopping && !wq.dedicated && nrBusy < wq.maxActive;
                    if (spare) {
                        creating = true;
                    } else if (nrIdle > 0 && !poller && !wakeInFlight && nrBusy < wq.maxActive) {
                        // This worker is busy now, and no idle worker polls: one must, to start the next item
                        // if this one blocks. One is woken (marked woken if waiters are registered, so that
                        // submitters skip the lock until it runs); waiters left registered cost at most one
                        // submitter's trip into the lock per clear of the mark.
                        markWokenLocked();
                        notify();
                        wakeInFlight = true;
                    }
                }
            }
            if (spin) {
                spinForIntake();
                continue;
            }
            if (spare) {
                createWorker();
            }
            runItem(self, w);
        }
    }

    /** Spins, without the lock, until the intake holds an item or {@link #SPIN_NANOS} have passed. */
    private void spinForIntake() {
        long end = System.nanoTime() + SPIN_NANOS;
        while (intake.isEmptyVolatile() && System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }

    /** Waits on the monitor; returns true if the whole timeout elapsed (0: no timeout, returns false). */
    private boolean waitLocked(long millis) {
        long start = System.nanoTime();
        try {
            wait(millis);
        } catch (InterruptedException e) {
            // Workers are stopped through `stopping`, not interrupts; an interrupt from outside is dropped here
            // so that it does not leak into the next item.
        }
        wakeInFlight = false; // this worker was woken, or timed out: either way it looks for work next
        return millis > 0 && System.nanoTime() - start >= millis * 1_000_000L;
    }

    /** The first item of the worklist that may start now, removed from it; null if none. */
    private Work startableLocked() {
        drainIntakeLocked();
        waitsForForeignRunner = false;
        if (worklist.isEmpty() || nrBusy >= wq.maxActive || runnableBusyLocked() > 0) {
            return null;
        }
        for (Work w = worklist.first(); w != null; w = WorkList.next(w)) {
            Worker runner = w.runner; // racy when the runner is another pool's: rechecked by polling
            if (runner == null) { // non-reentrant: an item still running waits for its runner to finish
                worklist.remove(w);
                return w;
            }
            if (runner.pool != this) {
                waitsForForeignRunner = true;
            }
        }
        return null;
    }

    /** Busy workers whose thread is runnable: they hold a CPU, or will when they get one. */
    private int runnableBusyLocked() {
        int n = 0;
        for (Worker b = busyHead; b != null; b = b.nextBusy) {
            if (b.thread.getState() == Thread.State.RUNNABLE) {
                n++;
            }
        }
        return n;
    }

    private void startLocked(Worker self, Work w) {
        setQueued(queuedLocked() - 1);
        w.clearPending();
        w.runner = self;
        self.setCurrent(w);
        self.prevBusy = null;
        self.nextBusy = busyHead;
        if (busyHead != null) {
            busyHead.prevBusy = self;
        }
        busyHead = self;
        nrBusy++;
        started++;
    }

    private void finishLocked(Worker self, Work w) {
        w.runner = null;
        self.setCurrent(null);
        if (self.prevBusy == null) {
            busyHead = self.nextBusy;
        } else {
            self.prevBusy.nextBusy = self.nextBusy;
        }
        if (self.nextBusy != null) {
            self.nextBusy.prevBusy = self.prevBusy;
        }
        self.prevBusy = null;
        self.nextBusy = null;
        w.finished = w.finished + 1;
        if (w.list == null && !w.isPending()) {
            w.pool = null; // idle; a queueing that raced with this picks a pool afresh
        }
        nrBusy--;
        wq.signalFinished();
    }

    private void runItem(Worker self, Work w) {
        try {
            w.run();
        } catch (Throwable e) {
            wq.itemFailed(w, e);
        }
    }

    // ---- the rescuer ----------------------------------------------------------------------------------------

    /**
     * True if items wait in the worklist and nothing will start them: no idle worker, no runnable busy one.
     * Called by the rescuer; allocates nothing.
     */
    boolean needsRescue() {
        if (queuedOpaque() == 0 && intake.isEmptyVolatile()) {
            return false;
        }
        synchronized (this) {
            drainIntakeLocked();
            return !worklist.isEmpty() && nrIdle == 0 && nrBusy < wq.maxActive && runnableBusyLocked() == 0;
        }
    }

    /** The rescuer runs one item of this pool, if one still needs it. Allocates nothing. */
    boolean rescueOne(Worker rescuer) {
        Work w;
        synchronized (this) {
            drainIntakeLocked();
            if (worklist.isEmpty() || nrIdle > 0 || nrBusy >= wq.maxActive) {
                return false;
            }
            w = null;
            for (Work c = worklist.first(); c != null; c = WorkList.next(c)) {
                if (c.runner == null) {
                    w = c;
                    break;
                }
            }
            if (w == null) {
                return false;
            }
            worklist.remove(w);
            startLocked(rescuer, w);
            rescued++;
        }
        runItem(rescuer, w);
        synchronized (this) {
            finishLocked(rescuer, w);
            drainIntakeLocked();
            // A worker exists again: one takes over from the rescuer, starting the next item or, while a busy
            // worker runs, polling it (the rescuer's finish is not a worker's, which would start or poll itself).
            if (!worklist.isEmpty() && nrIdle > 0 && nrBusy < wq.maxActive && !wakeInFlight
                    && (runnableBusyLocked() == 0 || !poller)) {
                markWokenLocked();
                notify();
                wakeInFlight = true;
            }
        }
        return true;
    }

    // ---- flush, drain, stop, shards -------------------------------------------------------------------------

    /** Adds every item pending or running here to {@code out}. */
    synchronized void snapshot(java.util.List<Work> out) {
        drainIntakeLocked();
        for (Work w = worklist.first(); w != null; w = WorkList.next(w)) {
            out.add(w);
        }
        for (Worker b = busyHead; b != null; b = b.nextBusy) {
            out.add(b.currentItem());
        }
    }

    synchronized boolean isIdle() {
        drainIntakeLocked();
        return worklist.isEmpty() && busyHead == null;
    }

    /** Stops the workers once the pool is empty; returns at once. */
    synchronized void stop() {
        stopping = true;
        notifyAll();
    }

    synchronized boolean workersGone() {
        return nrWorkers == 0;
    }

    /**
     * After {@link #stop()}: waits until every worker has exited (each exits once the pool is empty, so after
     * any item it started). It polls rather than waits on the pool's monitor, where it could take a notify meant
     * for a worker. Workers counted but running nothing for {@link #ZOMBIE_NANOS} (a factory thread that never
     * ran its worker, a worker killed by an error outside any item) are given up on, with a warning.
     */
    void awaitWorkersGone() {
        long backoffNanos = 10_000L;
        long idleSince = System.nanoTime();
        while (!workersGone()) {
            if (anyBusy()) {
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince > ZOMBIE_NANOS) {
                LOG.log(Level.WARNING, "close() of workqueue \"" + wq.name + "\": " + poolName() + " still counts "
                        + workerCount() + " worker(s) that run nothing and have not exited in "
                        + ZOMBIE_NANOS / 1_000_000_000L + " s; not waiting for them");
                return;
            }
            LockSupport.parkNanos(this, backoffNanos);
            backoffNanos = Math.min(backoffNanos * 2, 1_000_000L);
        }
    }

    private synchronized boolean anyBusy() {
        return busyHead != null;
    }

    private synchronized int workerCount() {
        return nrWorkers;
    }

    synchronized void setOnline(boolean on) {
        intake.setOnline(on);
    }

    synchronized String describe() {
        drainIntakeLocked();
        StringBuilder sb = new StringBuilder();
        sb.append("pool ").append(poolName()).append(intake.isOnline() ? "" : " (offline)")
                .append(": workers=").append(nrWorkers).append(" idle=").append(nrIdle).append(" active=")
                .append(nrBusy).append(" pending=").append(worklist.size()).append(" inactive=")
                .append(nrBusy >= wq.maxActive ? worklist.size() : 0).append(" started=").append(started).append(" rescued=").append(rescued)
                .append(" intake=").append(intake.describe()).append(" poller=").append(poller)
                .append(" wakeInFlight=").append(wakeInFlight);
        if (creationFailures > 0) {
            sb.append(" creationFailures=").append(creationFailures).append(" (last: ").append(lastCreationFailure)
                    .append(", ").append((System.nanoTime() - lastCreationFailureNanos) / 1_000_000L).append(" ms ago)");
        }
        for (Worker b = busyHead; b != null; b = b.nextBusy) {
            sb.append("\n    in flight: ").append(b.currentItem().name()).append(" on ").append(b.thread.getName())
                    .append(b.rescuer ? " (rescuer)" : "").append(" state=").append(b.thread.getState());
            for (StackTraceElement e : b.thread.getStackTrace()) {
                sb.append("\n      at ").append(e);
            }
        }
        return sb.toString();
    }

    /**
     * The watchdog's check: true, once per stall, when items have been pending and none started for
     * {@code thresholdNanos}. Sets {@code out[0]} to the pending count and {@code out[1]} to the stall's age.
     */
    synchronized boolean checkLockup(long now, long thresholdNanos, long[] out) {
        drainIntakeLocked();
        int pending = queuedLocked();
        if (pending == 0 || started != startedAtLastCheck) {
            // Progress, or nothing waits: the clock starts again (the watchdog's own clock, so that starting
            // an item costs no clock read; the stall's age is known to a watchdog period).
            startedAtLastCheck = started;
            stallSince = now;
            lockupReported = false;
            return false;
        }
        if (lockupReported || now - stallSince < thresholdNanos) {
            return false;
        }
        lockupReported = true;
        out[0] = pending;
        out[1] = now - stallSince;
        return true;
    }

    String poolName() {
        return shard < 0 ? "unbound" : "shard " + shard;
    }

    synchronized long startedCount() {
        return started;
    }

    synchronized long rescuedCount() {
        return rescued;
    }

    synchronized long creationFailures() {
        return creationFailures;
    }

    private int queuedLocked() {
        return (int) QUEUED.get(this);
    }

    private void setQueued(int n) {
        QUEUED.setOpaque(this, n);
    }

    /** Racy: a hint for the rescuer's poll. */
    int queuedOpaque() {
        return (int) QUEUED.getOpaque(this);
    }

    static void log(Level level, String msg, Throwable e) {
        LOG.log(level, msg, e);
    }

    private static final VarHandle QUEUED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            QUEUED = l.findVarHandle(WorkerPool.class, "queued", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
