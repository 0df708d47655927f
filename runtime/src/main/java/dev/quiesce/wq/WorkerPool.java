package dev.quiesce.wq;

import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The workers of one shard of one {@link Workqueue} (or of an unbound queue), with the shard's pending items.
 *
 * <p>A worker takes up to {@link Worker#BATCH} pending queueings from the worklist under one hold of the lock, then
 * claims and runs them without it, each claim a CAS on the item's state word ({@link Work#claim}): the lock is
 * taken once per batch, not once per item. A claim that finds the item running hands the queueing to its
 * runner, which runs it again after its current run ({@link #finishRun}).
 *
 * <p>Concurrency management (cmwq): a batch starts when no busy worker of the pool is runnable, so CPU-bound
 * items run one at a time per pool while an item that blocks (parks, waits, sleeps, blocks on a monitor) lets
 * the next one start: an idle worker copies the entries the blocked worker has not reached, and claims them. The JVM has no scheduler hook for platform threads, so one idle worker, the poller,
 * rechecks the busy workers' states every {@link #POLL_MILLIS} while items wait. The pool keeps one idle worker
 * in reserve while it works: the worker that takes the last idle slot creates the next one, outside the lock.
 *
 * <p>When a worker cannot be created (the factory throws, returns null, or the JVM cannot start a thread),
 * accepted items stay queued, never dropped: a {@code memReclaim} queue's rescuer is called (mayday) and runs
 * them one at a time; creation is retried by the next enqueue, by finishing workers, and by the rescuer's
 * timer.
 *
 * <p>Everything below is guarded by {@code this} (a monitor, not a {@code ReentrantLock}: entering it
 * allocates no Java object, which the rescuer's path requires), except {@link #queued} and {@link #busy},
 * which the rescuer also reads without the lock.
 */
final class WorkerPool {
    private static final System.Logger LOG = System.getLogger("dev.quiesce.wq");
    static final long POLL_MILLIS = 1;
    /** Tests only: called by a worker whose claim handed a queueing to the item's runner, before it records that. */
    static volatile java.util.function.Consumer<Work> beforeRecordHandOffForTest;
    /**
     * Tests only: called under the pool's lock by a cancel, or by a runner taking over a hand-off it runs again,
     * once its CAS cleared the pending bit.
     */
    static volatile java.util.function.Consumer<Work> afterPendingClearedForTest;
    /** Tests only: called by a flush's snapshot, under the lock, once it has read where a busy worker is. */
    static volatile java.util.function.Consumer<Worker> snapshotAfterPlaceForTest;
    /**
     * How long a worker whose pool just ran dry spins on the intake before it sleeps: long enough for a submitter
     * that comes straight back (the next item of a burst), and a busy spin only. An earlier, longer watch that
     * yielded between looks made the worker's next wake-up wait for a whole scheduler time slice (milliseconds)
     * behind a running thread: yields cost a thread its priority at the next wake-up.
     */
    static final long SPIN_NANOS = 2_000L;
    static final long CREATE_COOLDOWN_NANOS = 10_000_000L;
    /** How long close() waits for workers that run nothing to exit. */
    static final long ZOMBIE_NANOS = 10_000_000_000L;

    final Workqueue wq;
    /** The shard, or -1 for an unbound queue's single pool. */
    final int shard;

    private final WorkList worklist = new WorkList();
    /**
     * Pending queueings whose claimer found the item running and left them to its runner (HANDOFF): listed so
     * that flushes and cancels find them until the runner takes them over ({@link #takeHandOff}).
     */
    private final WorkList handedOff = new WorkList();
    /** Workers running an item (the busy list's length, the rescuer included): at most {@code maxActive}. */
    private int nrBusy;
    private int nrWorkers;
    private int nrIdle;
    private Worker busyHead;
    private boolean creating;
    private boolean poller;
    /** A wake-up went to idle workers and none has returned from its sleep since: one will look for work. */
    private boolean wakeInFlight;
    /** Idle workers asleep, the one that went to sleep last on top, linked through {@link Worker#nextSleeper}. */
    private Worker sleepers;
    /** The worker that polls while {@link #poller} is set. */
    private Worker pollingWorker;
    /** A worker taken off {@link #sleepers} in this hold of the lock, to unpark once the lock is let go. */
    private Thread unparkAfterUnlock;
    private boolean stopping;
    /**
     * Batch entries reached by workers that have ended their batch; with each busy worker's {@code next}, the
     * watchdog's measure of progress.
     */
    private long started;
    private long lastCreationFailureNanos;
    private Throwable lastCreationFailure;
    private long creationFailures;
    private long rescued;
    /** Watchdog's: {@link #started} at its last pass, and since when it has not moved with items pending. */
    private long startedAtLastCheck = -1;
    private long stallSince;
    private boolean lockupReported;
    /** Items pending in this pool's worklist; written under the lock, read opaque by the rescuer. */
    @SuppressWarnings("unused") // through QUEUED
    private int queued;
    /** {@link #nrBusy}, published (opaque) for the rescuer's poll. */
    @SuppressWarnings("unused") // through BUSY
    private int busy;
    /** The submitter-facing half: the intake stripes and the wake-up words, on cache lines of their own. */
    final PoolIntake intake;

    WorkerPool(Workqueue wq, int shard) {
        this(wq, shard, wq.intakeStripes);
    }

    /** {@code stripes}: of the intake, a power of two. */
    WorkerPool(Workqueue wq, int shard, int stripes) {
        this.wq = wq;
        this.shard = shard;
        this.intake = new PoolIntake(wq, this, stripes);
    }

    // ---- submit ---------------------------------------------------------------------------------------------

    /**
     * A submitter's slow path, after its push ({@link PoolIntake#enqueue}): under the lock, moves the intake to
     * the lists and wakes an idle worker, or creates one when none exists.
     */
    void kick() {
        if (kickWithoutCreating()) {
            createWorker();
        }
    }

    /**
     * {@link #kick()} but for the creation: wakes a worker if one is idle; returns true if the caller must
     * {@link #createWorker()} (it claimed the creation). The timer wakes pools this way and leaves the creations
     * to {@link WorkerCreationThread}: it must never wait in a thread factory.
     */
    boolean kickWithoutCreating() {
        boolean create;
        Thread wake;
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
            wake = takeUnparkLocked();
        }
        unpark(wake);
        return create;
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
        takeIntakeLocked(null, 0, 0);
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
            // A runnable worker takes it when done; if that worker blocks first, an idle worker polling it starts
            // the item. Busy workers wake a poller only when they leave items waiting, so make sure of one here.
            if (nrIdle > 0 && !poller && !wakeInFlight) {
                markWokenLocked();
                wakeOneLocked();
            }
            return false;
        }
        if (nrIdle > 0) {
            markWokenLocked();
            wakeOneLocked();
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

    /** {@link #cancel}'s answers. */
    static final int REMOVED = 0;
    static final int NOT_PENDING = 1;
    static final int NOT_HERE = 2;

    /**
     * Removes {@code w}'s pending queueing if this pool holds it: in the intake or the worklist, in a batch of
     * one of its workers, or handed off to a runner. Returns {@link #REMOVED}, {@link #NOT_PENDING}, or
     * {@link #NOT_HERE} (in flight to a pool, or queued elsewhere since).
     */
    int cancel(Work w) {
        return removePending(w, ANY_QUEUEING);
    }

    /**
     * A queueing that saw its queue closed after its push takes itself back: removes {@code w}'s pending
     * queueing only if it is the one counted {@code accepted} (a later queueing of the same item has a larger
     * count, and an earlier one was started before this one could win the pending bit). Returns whether it
     * did; false means a worker started it (or a cancel took it), so it stays accepted.
     */
    boolean takeBack(Work w, long accepted) {
        return removePending(w, accepted) == REMOVED;
    }

    private static final long ANY_QUEUEING = -1;

    private synchronized int removePending(Work w, long accepted) {
        drainIntakeLocked();
        for (;;) {
            long s = w.stateVolatile();
            long count = Work.acceptedCount(s);
            if ((s & Work.PENDING) == 0 || (accepted != ANY_QUEUEING && count != accepted)) {
                return NOT_PENDING;
            }
            if (w.submittedTo != this) {
                return NOT_HERE;
            }
            int place = w.place;
            // A tag of another pool's list (a racy read of submittedTo above may have been one queueing old)
            // is not one of ours, as a reference to another pool's list was not.
            WorkList in = place == worklist.tag ? worklist : place == handedOff.tag ? handedOff : null;
            if (in == null && place != Work.reservedTag(count)) {
                return NOT_HERE; // queued again since this pool had it, and not yet drained here
            }
            if (in != null) {
                unlistAndClearPending(w, in, count);
            } else if (!w.casState(s, s & ~(Work.PENDING | Work.HANDOFF))) {
                // In a batch (its entry goes stale: the claim expects PENDING), or handed off to a runner and
                // not yet listed. The CAS fails if a claim or a run's end changed the word: look again.
                continue;
            }
            if (Workqueue.TEST_HOOKS && afterPendingClearedForTest != null) {
                afterPendingClearedForTest.accept(w);
            }
            wq.signalFinished();
            return REMOVED;
        }
    }

    /**
     * Takes {@code w}'s pending queueing, counted {@code count}, off {@code list} (this pool's worklist or
     * hand-offs), then clears its pending bit. In that order: once PENDING is clear, another thread may queue the
     * item on another pool, whose lock holder links it into a list of its own through the same fields. While
     * it is listed here and this pool's lock is held, nobody else can take the queueing (a claim needs a batch
     * entry, a cancel or a runner's take-over this lock), so the CAS can fail only on a change that keeps it
     * pending: a run's end clearing RUNNING.
     */
    private void unlistAndClearPending(Work w, WorkList list, long count) {
        list.remove(w);
        if (list == worklist) {
            setQueued(queuedLocked() - 1);
        }
        for (;;) {
            long s = w.stateVolatile();
            if ((s & Work.PENDING) == 0 || Work.acceptedCount(s) != count) {
                throw new AssertionError("listed queueing " + count + " of " + w.name() + " taken meanwhile: "
                        + Work.describeState(s));
            }
            if (w.casState(s, s & ~(Work.PENDING | Work.HANDOFF))) {
                return;
            }
        }
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
            noWorker = waitingLocked() && nrWorkers == 0;
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

    /**
     * Tries again to create a worker if items wait and none can start them: called by flushers, and by the
     * creation retrier while the rescuer runs this pool's items. The rescuer does not count as a busy worker
     * here: the worker made is to take over from it.
     */
    void retryCreation() {
        retryCreation(false);
    }

    /**
     * {@link WorkerCreationThread}'s pass, for a queue without a rescuer: retries creation if an earlier one failed
     * and items still wait with nothing to start them, so that they run even if nothing is queued or flushed.
     */
    void retryCreationAfterFailure() {
        retryCreation(true);
    }

    private void retryCreation(boolean onlyAfterFailure) {
        boolean create = false;
        synchronized (this) {
            if (onlyAfterFailure && (creationFailures == 0 || inCreationCooldownLocked())) {
                return;
            }
            drainIntakeLocked();
            int rescuing = rescuerBusyLocked() ? 1 : 0;
            if (!stopping && !wq.dedicated && waitingLocked() && nrIdle == 0 && !creating
                    && nrBusy - rescuing < wq.maxActive && runnableWorkersLocked() == 0) {
                creating = true;
                create = true;
            }
        }
        if (create) {
            createWorker();
        }
    }

    /** How a worker's pass through its pool's lock ended (workerLoop). */
    private static final int RUN = 0;
    private static final int SPIN = 1;
    private static final int SLEEP = 2;
    /** What a worker went to sleep as (workerLoop): the poller, or an idle worker, registered or not. */
    private static final int NOT_SLEPT = 0;
    private static final int POLLING = 1;
    private static final int IDLE_REGISTERED = 2;
    private static final int IDLE_UNREGISTERED = 3;

    void workerLoop(Worker self) {
        Thread wake = null;
        boolean hadBatch = false;
        boolean spun = false; // since this worker's last batch
        int slept = NOT_SLEPT; // how its last sleep began: the pass after it finishes that sleep's bookkeeping
        boolean extra = false; // it slept as an extra idle worker, which exits if nothing needed it
        long sleepNanos = 0; // the sleep's timeout, 0 for none
        long sleptAt = 0;
        for (;;) {
            boolean spare = false;
            int action = RUN;
            synchronized (this) {
                if (slept != NOT_SLEPT) {
                    boolean timedOut = endSleepLocked(self, sleptAt, sleepNanos);
                    if (slept == POLLING) {
                        poller = false;
                        pollingWorker = null;
                        intake.clearWoken(); // after every sleep, before the intake is read again
                    } else {
                        if (slept == IDLE_REGISTERED) {
                            intake.unregisterWaiter(); // before the clear: submitters see the waiter gone first
                        }
                        intake.clearWoken(); // after every sleep, before the intake is read again
                        // Not while a worker is busy with nobody polling: a wake-up meant to make a poller may
                        // have picked this worker, and it must not leave with it.
                        if (extra && timedOut && worklist.isEmpty() && intake.isEmptyVolatile() && nrIdle > 1
                                && (busyHead == null || poller)) {
                            setIdle(nrIdle - 1);
                            nrWorkers--;
                            return;
                        }
                    }
                    slept = NOT_SLEPT;
                }
                if (hadBatch) {
                    endBatchLocked(self);
                    // Published only if this worker stays idle: a worker that goes from one batch to the next
                    // leaves the count, and the line submitters read, as it was.
                    nrIdle++;
                    hadBatch = false;
                }
                for (;;) {
                    if (takeBatchLocked(self)) {
                        break;
                    }
                    setIdle(nrIdle); // before any sleep or exit
                    if (stopping && worklist.isEmpty() && handedOff.isEmpty() && intake.isEmptyVolatile()) {
                        setIdle(nrIdle - 1);
                        nrWorkers--;
                        wakeAllLocked(); // the other idle workers exit too
                        return;
                    }
                    if (busyHead != null && !poller && nrBusy < wq.maxActive) {
                        // While any worker is busy, one idle worker watches for it to block, so that queueing
                        // needs no wake-up while a runnable worker will take the item anyway. Not at maxActive:
                        // nothing could start, and the next worker to end its batch takes the next items.
                        poller = true;
                        pollingWorker = self;
                        slept = POLLING;
                        sleepNanos = POLL_MILLIS * 1_000_000L;
                        action = SLEEP;
                        break;
                    }
                    if (busyHead == null && !spun && !stopping && !wq.dedicated) {
                        // The pool just ran dry: watch the intake for a moment, outside the lock, before
                        // sleeping. A submitter that comes back at once (a burst, a request and its reply) then
                        // needs no wake-up. This worker stays counted idle, so submitters rely on it as on the
                        // poller, and it looks for work, and registers, before it ever sleeps.
                        action = SPIN;
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
                    extra = nrIdle > 1 && !stopping;
                    slept = register ? IDLE_REGISTERED : IDLE_UNREGISTERED;
                    sleepNanos = extra ? TimeUnit.MILLISECONDS.toNanos(wq.idleTimeoutMillis) : 0; // saturates
                    action = SLEEP;
                    break;
                }
                if (action == SLEEP) {
                    sleptAt = System.nanoTime();
                    beginSleepLocked(self);
                } else if (action == RUN) {
                    spun = false;
                    hadBatch = true;
                    setIdle(nrIdle - 1);
                    beginBusyLocked(self);
                    // Keep one idle worker while any is busy: it takes over the batch's rest if this worker
                    // blocks (none at maxActive: it could not).
                    spare = nrIdle == 0 && !creating && !stopping && !wq.dedicated && nrBusy < wq.maxActive;
                    if (spare) {
                        creating = true;
                    } else if (nrIdle > 0 && !poller && !wakeInFlight && nrBusy < wq.maxActive
                            && (self.limitOpaque() > 1 || !worklist.isEmpty() || !intake.isEmptyVolatile()
                                    || !intake.hasWaiters())) {
                        // This worker is busy now, leaving items waiting, and no idle worker polls: one must, to
                        // start them if this one blocks. One is woken (marked woken if waiters are registered, so
                        // that submitters skip the lock until it runs); waiters left registered cost at most one
                        // submitter's trip into the lock per clear of the mark. A batch of one with nothing
                        // behind it wakes nobody while a registered waiter sleeps: on an idle pool, a second
                        // thread woken for one tiny item takes the CPU from the first. A queueing that comes while
                        // this worker runs then goes through the lock (the registered waiter), where kickLocked
                        // wakes a poller. Idle workers that all sleep unregistered (they went to sleep while
                        // another polled) would not be kicked by that queueing: then one is woken now.
                        markWokenLocked();
                        wakeOneLocked();
                    }
                }
                wake = takeUnparkLocked();
            }
            unpark(wake);
            if (action == SLEEP) {
                sleep(self, sleptAt, sleepNanos);
                continue;
            }
            if (action == SPIN) {
                spinForIntake();
                continue;
            }
            if (spare) {
                createWorker();
            }
            runBatch(self);
        }
    }

    /** Spins on the intake, without the lock, until it holds an item or {@link #SPIN_NANOS} have passed. */
    private void spinForIntake() {
        long start = System.nanoTime();
        while (intake.isEmptyVolatile() && System.nanoTime() - start < SPIN_NANOS) {
            Thread.onSpinWait();
        }
    }

    // ---- sleeping and waking idle workers -------------------------------------------------------------------

    /**
     * Puts {@code self} on top of the sleepers' stack; it then leaves the lock and {@link #sleep}s. The stack,
     * not the monitor's wait set: a wake-up takes the worker that went to sleep last, whose caches are warm, and
     * leaves the ones under it asleep, so that an extra worker retires after the idle timeout even while items
     * trickle in (the monitor woke its waiters in turn, keeping every one alive). And an unpark wakes the thread
     * directly, where a notify left it to the notifier's monitor exit.
     */
    private void beginSleepLocked(Worker self) {
        self.sleeperThread = Thread.currentThread();
        self.nextSleeper = sleepers;
        sleepers = self;
        self.setAsleepVolatile(true);
    }

    /**
     * Parks until a lock holder took {@code self} off the sleepers' stack ({@link #wakeOneLocked}) or the timeout
     * (0: none) passed. Outside the lock. It announces each park first ({@link Worker#announcePark}), and a waker
     * unparks it only if it saw the announcement: a worker woken before it announced does not park, and gets no
     * unpark, which would otherwise stay on its thread into its next item. One that withdraws its announcement too
     * late (its park ended by timeout just as it was woken) may still leave its waker's permit behind, as the
     * JDK's executors may: {@code park} may return spuriously.
     */
    private void sleep(Worker self, long sleptAt, long timeoutNanos) {
        // Workers are stopped through `stopping`, not interrupts: an interrupt from outside is dropped, so that
        // it neither makes this loop spin nor leaks into the next item.
        Thread.interrupted();
        for (;;) {
            long left = 0;
            if (timeoutNanos != 0) {
                left = timeoutNanos - (System.nanoTime() - sleptAt);
                if (left <= 0) {
                    return;
                }
            }
            if (!self.announcePark()) {
                return; // woken
            }
            if (timeoutNanos == 0) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, left);
            }
            Thread.interrupted();
            if (!self.withdrawPark()) {
                return; // woken
            }
        }
    }

    /**
     * Back under the lock after {@link #sleep}: takes {@code self} off the stack if nobody woke it (it timed out),
     * and returns whether the whole timeout passed (never for no timeout).
     */
    private boolean endSleepLocked(Worker self, long sleptAt, long timeoutNanos) {
        if (self.asleepVolatile()) {
            Worker prev = null;
            for (Worker w = sleepers; w != null; prev = w, w = w.nextSleeper) {
                if (w == self) {
                    if (prev == null) {
                        sleepers = w.nextSleeper;
                    } else {
                        prev.nextSleeper = w.nextSleeper;
                    }
                    break;
                }
            }
            self.nextSleeper = null;
            self.setAsleepVolatile(false);
        }
        wakeInFlight = false; // this worker was woken, or timed out: either way it looks for work next
        return timeoutNanos > 0 && System.nanoTime() - sleptAt >= timeoutNanos;
    }

    /**
     * Wakes the idle worker that went to sleep last, if any sleeps, and notes that a wake-up is in flight: takes
     * it off the stack (a volatile clear of its flag); the caller unparks it once it has let go of the lock
     * ({@link #takeUnparkLocked}). Unparked under the lock, the woken thread could reach the monitor before the
     * waker's unpark returned (an unpark of a thread on an idle CPU can take microseconds), find it held, park
     * again, and need a second wake-up at the waker's exit: that doubled the latency of a sleeping pool.
     */
    private void wakeOneLocked() {
        Worker w = sleepers;
        if (w != null && w == pollingWorker && w.nextSleeper != null) {
            // Not the poller, which sleeps a moment at a time and so is nearly always on top: woken for an
            // item, it would leave nobody polling, and the worker it then wakes to poll is a second wake-up.
            Worker p = w;
            w = p.nextSleeper;
            p.nextSleeper = w.nextSleeper;
        } else if (w != null) {
            sleepers = w.nextSleeper;
        }
        if (w != null) {
            w.nextSleeper = null;
            if (w.wake()) {
                if (unparkAfterUnlock != null) {
                    LockSupport.unpark(unparkAfterUnlock); // a second wake-up in one hold (rare): this one now
                }
                unparkAfterUnlock = w.sleeperThread;
            }
        }
        wakeInFlight = true;
    }

    /** The thread {@link #wakeOneLocked} left to unpark, or null; taken just before the lock is let go. */
    private Thread takeUnparkLocked() {
        Thread t = unparkAfterUnlock;
        unparkAfterUnlock = null;
        return t;
    }

    private static void unpark(Thread t) {
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Wakes every sleeping worker, unparking each under the lock (stopping: no hurry). */
    private void wakeAllLocked() {
        while (sleepers != null) {
            wakeOneLocked();
            unpark(takeUnparkLocked());
        }
    }

    /**
     * Fills {@code self}'s batch if a batch may start now (below maxActive, no busy worker runnable): the
     * entries a blocked worker has not reached, or else the worklist's first items. Returns whether it did.
     */
    private boolean takeBatchLocked(Worker self) {
        if (nrBusy >= wq.maxActive || (worklist.isEmpty() && intake.isEmptyVolatile() && busyHead == null)
                || runnableBusyLocked() > 0) {
            return false;
        }
        // The entries of a blocked worker first: they were listed before anything now in the worklist, which was
        // in turn before anything in the intake.
        int n = busyHead == null ? 0 : copyUnreachedLocked(self);
        if (n == 0) {
            n = takeListedLocked(self, Worker.BATCH);
            n = takeIntakeLocked(self, n, Worker.BATCH);
        }
        if (n == 0) {
            return false;
        }
        self.startBatch(n);
        return true;
    }

    /**
     * Moves up to {@code max} items from the worklist into {@code self}'s batch, each with the state of its
     * pending queueing (PENDING, and HANDOFF if a runner re-listed it: only this entry may claim it then).
     */
    private int takeListedLocked(Worker self, int max) {
        int n = 0;
        for (Work w = worklist.detachFirst(max); w != null; n++) {
            Work following = WorkList.unlink(w);
            reserveLocked(self, n, w);
            w = following;
        }
        setQueued(queuedLocked() - n);
        return n;
    }

    /**
     * Makes {@code w}'s pending queueing entry {@code i} of {@code self}'s batch, recording its state: the count
     * and PENDING, with HANDOFF if a runner re-listed it (the run of an earlier queueing may end any time, so
     * RUNNING is left out).
     */
    private static void reserveLocked(Worker self, int i, Work w) {
        long s = w.stateVolatile() & ~Work.RUNNING;
        w.place = Work.reservedTag(Work.acceptedCount(s));
        self.batch[i] = w;
        self.batchStates[i] = s;
    }

    /**
     * Moves the intake, oldest first, into {@code self}'s batch from entry {@code n} on, up to {@code max}
     * entries, and the rest to the worklist: the items a worker takes at once are touched once here, never
     * linked into the worklist. Returns the batch's new size.
     */
    private int takeIntakeLocked(Worker self, int n, int max) {
        // takeAll reads each stripe before it takes it, so an empty intake costs one read each
        Work w = intake.takeAll(self != null && !self.rescuer);
        while (w != null && n < max) {
            Work next = w.nextIntake;
            w.nextIntake = null;
            reserveLocked(self, n++, w);
            w = next;
        }
        if (w != null) {
            setQueued(queuedLocked() + worklist.addAllLast(w));
        }
        return n;
    }

    /**
     * Copies into {@code self}'s batch the entries that a blocked busy worker has not reached, and cuts them
     * off its batch (it may still claim the entry it is at: the CAS picks one claimer). Returns how many.
     */
    private int copyUnreachedLocked(Worker self) {
        for (Worker b = busyHead; b != null; b = b.nextBusy) {
            if (b.rescuer) {
                continue; // one item at a time, which it has reached
            }
            int from = b.nextOpaque();
            int to = b.limitOpaque();
            int n = 0;
            for (int i = from; i < to; i++) {
                if (b.batch[i].claimable(b.batchStates[i])) {
                    self.batch[n] = b.batch[i];
                    self.batchStates[n] = b.batchStates[i];
                    n++;
                }
            }
            if (from < to) {
                b.cutBatch(from);
            }
            if (n > 0) {
                return n;
            }
        }
        return 0;
    }

    /** Whether the rescuer is running one of this pool's items (it is then on the busy list). */
    private boolean rescuerBusyLocked() {
        for (Worker b = busyHead; b != null; b = b.nextBusy) {
            if (b.rescuer) {
                return true;
            }
        }
        return false;
    }

    /** Busy workers, the rescuer left out, whose thread is runnable. */
    private int runnableWorkersLocked() {
        int n = 0;
        for (Worker b = busyHead; b != null; b = b.nextBusy) {
            if (!b.rescuer && b.thread.getState() == Thread.State.RUNNABLE) {
                n++;
            }
        }
        return n;
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

    private void beginBusyLocked(Worker self) {
        self.prevBusy = null;
        self.nextBusy = busyHead;
        if (busyHead != null) {
            busyHead.prevBusy = self;
        }
        busyHead = self;
        nrBusy++;
        BUSY.setOpaque(this, nrBusy);
    }

    private void endBatchLocked(Worker self) {
        started += self.nextOpaque();
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
        self.clearBatch();
        nrBusy--;
        BUSY.setOpaque(this, nrBusy);
    }

    /**
     * Claims and runs the entries of {@code self}'s batch, without the lock. Each claim is a CAS that expects
     * the state the entry recorded: a stale entry (cancelled, queued again since, or claimed by a worker that
     * copied it) fails and is skipped.
     */
    void runBatch(Worker self) {
        Work[] items = self.batch;
        long[] states = self.batchStates;
        for (int i = 0; i < self.limitOpaque(); i++) {
            self.reach(i);
            Work w = items[i];
            int claim = w.claim(states[i]);
            if (claim != Work.CLAIMED) {
                if (claim == Work.HANDED_OFF) {
                    if (Workqueue.TEST_HOOKS && beforeRecordHandOffForTest != null) {
                        beforeRecordHandOffForTest.accept(w);
                    }
                    recordHandOff(w, Work.acceptedCount(states[i]));
                }
                continue;
            }
            self.setCurrent(i);
            do {
                runItem(self, w);
            } while (finishRun(w));
            self.setCurrent(-1);
        }
    }

    /**
     * Ends a run of {@code w} on a worker of this pool. Returns true if the worker must run it again at once: a
     * queueing of this pool was handed to it meanwhile. A queueing of another pool (the item was queued on
     * another queue, or shard, while it ran here) is listed there instead.
     */
    private boolean finishRun(Work w) {
        for (;;) {
            long s = w.endRun();
            if (s < 0) {
                signalFinished(w);
                return false;
            }
            int taken = w.submittedTo.takeHandOff(w, s, this);
            if (taken != RETRY) {
                signalFinished(w);
                return taken == RUN_AGAIN;
            }
        }
    }

    /**
     * Wakes the flushers of the run that ended: a flusher waits on the signal of the queue the item was last
     * queued on ({@link Work#awaitFinished}), which is another queue than this pool's if the item was queued
     * there while it ran here. A racy read: a flusher that read a newer queue than this one sees the next
     * signal, or its wait's timeout.
     */
    private void signalFinished(Work w) {
        wq.signalFinished();
        WorkerPool last = w.submittedTo;
        if (last != null && last.wq != wq) {
            last.wq.signalFinished();
        }
    }

    private static final int RETRY = 0;
    private static final int RUN_AGAIN = 1;
    private static final int LISTED = 2;

    /**
     * The runner (a worker of {@code runnerPool}) takes over the queueing handed to it, whose home is this pool:
     * runs it again if it is a worker of this pool ({@link #RUN_AGAIN}), else lists it here, where only the
     * entry taken from that listing may claim it (it keeps HANDOFF; {@link #LISTED}). {@link #RETRY} if the state
     * changed (a cancel).
     */
    private int takeHandOff(Work w, long s, WorkerPool runnerPool) {
        boolean create;
        Thread wake;
        synchronized (this) {
            if (runnerPool == this) {
                // Off the hand-offs before PENDING is cleared, then re-listed if the CAS fails (see
                // unlistAndClearPending): a queueing after the clear may link the item into another pool's list.
                boolean listed = w.place == handedOff.tag; // not another pool's list: see Work.place
                if (listed) {
                    handedOff.remove(w);
                }
                if (!w.casState(s, s & ~(Work.PENDING | Work.HANDOFF))) {
                    if (listed) {
                        handedOff.addLast(w);
                    }
                    return RETRY;
                }
                if (Workqueue.TEST_HOOKS && afterPendingClearedForTest != null) {
                    afterPendingClearedForTest.accept(w);
                }
                return RUN_AGAIN;
            }
            if (!w.casState(s, s & ~Work.RUNNING)) {
                return RETRY;
            }
            if (w.place == handedOff.tag) {
                handedOff.remove(w);
            }
            worklist.addLast(w);
            setQueued(queuedLocked() + 1);
            create = kickLocked();
            if (create && runnerPool.isRescuerThread()) {
                // The rescuer allocates nothing and must not wait in another queue's factory: the pool's own
                // retries (its next queueing, flushers, its rescuer) create the worker.
                creating = false;
                create = false;
            }
            wake = takeUnparkLocked();
        }
        unpark(wake);
        if (create) {
            createWorker();
        }
        return LISTED;
    }

    /**
     * A claimer of this pool handed {@code w}'s pending queueing, counted {@code accepted}, to its runner: lists
     * it among the hand-offs, unless the runner (or a cancel) took it over already.
     */
    synchronized void recordHandOff(Work w, long accepted) {
        // Still handed off and not taken over: RUNNING too. Once the runner re-listed it here (RUNNING cleared,
        // HANDOFF kept), a worker may have taken it into a batch already, and it must not be linked again.
        long handedOff = Work.HANDOFF | Work.RUNNING | Work.PENDING;
        long s = w.stateVolatile();
        if ((s & handedOff) == handedOff && Work.acceptedCount(s) == accepted
                && !Work.isListTag(w.place) && w.submittedTo == this) {
            this.handedOff.addLast(w);
        }
    }

    /** Whether the calling thread is this pool's queue's rescuer. */
    boolean isRescuerThread() {
        Worker self = Worker.current();
        return self != null && self.rescuer;
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
     * True if items wait (in the worklist, or unreached in a blocked worker's batch) and nothing will start
     * them: no idle worker, no runnable busy one. Called by the rescuer; allocates nothing.
     */
    boolean needsRescue() {
        if (pendingHintOpaque() == 0 && intake.isEmptyVolatile()) {
            return false;
        }
        synchronized (this) {
            drainIntakeLocked();
            return waitingLocked() && nrIdle == 0 && nrBusy < wq.maxActive && runnableBusyLocked() == 0;
        }
    }

    /** Whether queueings wait to start: listed, or unreached in a blocked worker's batch. */
    private boolean waitingLocked() {
        return !worklist.isEmpty() || anyUnreachedLocked();
    }

    private boolean anyUnreachedLocked() {
        for (Worker b = busyHead; b != null; b = b.nextBusy) {
            if (!b.rescuer && firstUnreachedLocked(b) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** The index of {@code b}'s first live entry it has not reached, or -1. */
    private static int firstUnreachedLocked(Worker b) {
        for (int i = b.nextOpaque(), to = b.limitOpaque(); i < to; i++) {
            if (b.batch[i].claimable(b.batchStates[i])) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The rescuer runs one item of this pool, if one still needs it: the worklist's first, or the first entry a
     * blocked worker has not reached (copied, not cut: the CAS picks one claimer). Allocates nothing.
     */
    boolean rescueOne(Worker rescuer) {
        synchronized (this) {
            drainIntakeLocked();
            if (nrIdle > 0 || nrBusy >= wq.maxActive) {
                return false;
            }
            int n = takeListedLocked(rescuer, 1);
            for (Worker b = busyHead; n == 0 && b != null; b = b.nextBusy) {
                int i = b.rescuer ? -1 : firstUnreachedLocked(b);
                if (i >= 0) {
                    rescuer.batch[0] = b.batch[i];
                    rescuer.batchStates[0] = b.batchStates[i];
                    n = 1;
                }
            }
            if (n == 0) {
                return false;
            }
            rescuer.startBatch(1);
            beginBusyLocked(rescuer);
            rescued++;
        }
        runBatch(rescuer);
        Thread wake;
        synchronized (this) {
            endBatchLocked(rescuer);
            drainIntakeLocked();
            // A worker exists again: one takes over from the rescuer, starting the next batch or, while a busy
            // worker runs, polling it (the rescuer's end is not a worker's, which would start or poll itself).
            if (waitingLocked() && nrIdle > 0 && nrBusy < wq.maxActive
                    && !wakeInFlight && (runnableBusyLocked() == 0 || !poller)) {
                markWokenLocked();
                wakeOneLocked();
            }
            wake = takeUnparkLocked();
        }
        unpark(wake);
        return true;
    }

    // ---- flush, drain, stop, shards -------------------------------------------------------------------------

    /**
     * Adds to {@code out} every queueing pending or running here, each as its item and the accepted count that
     * names it (a flush waits until that many have finished): listed or handed off (the pending queueing, the
     * item's count now), being run (the running queueing: finished plus one), or in a busy worker's batch from
     * the entry it is at (the count the entry recorded: a stale entry's wait returns at once, and a later
     * queueing of the same item, perhaps on another queue, is never waited for in its place). Queueings already
     * done may be among them: their wait returns at once.
     */
    synchronized void snapshot(FlushTargets out) {
        drainIntakeLocked();
        for (Work w = worklist.first(); w != null; w = WorkList.next(w)) {
            out.add(w, w.acceptedVolatile());
        }
        for (Work w = handedOff.first(); w != null; w = WorkList.next(w)) {
            out.add(w, w.acceptedVolatile());
        }
        for (Worker b = busyHead; b != null; b = b.nextBusy) {
            Work running = b.currentItem();
            if (running != null) {
                long s = running.stateVolatile();
                if ((s & Work.RUNNING) != 0) {
                    out.add(running, Work.finishedCount(s) + 1);
                }
            }
            int at = b.nextOpaque() - 1;
            if (Workqueue.TEST_HOOKS && snapshotAfterPlaceForTest != null) {
                snapshotAfterPlaceForTest.accept(b);
            }
            // Every entry from the one it is at, claimable or not: the worker claims without this lock, so an
            // entry this reads as unclaimable may have been claimed just now, after `at` was read, and be running.
            // Its recorded count names its own queueing, so a stale entry (cancelled, or claimed and run by a
            // copier) costs a wait that returns at once, never a wait for a later queueing. A claim that read an
            // old end can put `next` past it: the entry it is at still counts.
            for (int i = Math.max(0, at), to = Math.max(b.limitOpaque(), at + 1); i < to; i++) {
                out.add(b.batch[i], Work.acceptedCount(b.batchStates[i]));
            }
        }
    }

    synchronized boolean isIdle() {
        drainIntakeLocked();
        return worklist.isEmpty() && handedOff.isEmpty() && busyHead == null;
    }

    /** Stops the workers once the pool is empty; returns at once. */
    synchronized void stop() {
        stopping = true;
        wakeAllLocked();
    }

    synchronized boolean workersGone() {
        return nrWorkers == 0;
    }

    /**
     * After {@link #stop()}: waits until every worker has exited (each exits once the pool is empty, so after
     * any item it started). It polls: workers exit without signalling anyone. Workers counted but running nothing
     * for {@link #ZOMBIE_NANOS} (a factory thread that never ran its worker, a worker killed by an error outside
     * any item) are given up on, with a warning.
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
                .append(nrBusy).append(" pending=").append(pendingLocked()).append(" inactive=")
                .append(nrBusy >= wq.maxActive ? pendingLocked() : 0).append(" handedOff=").append(handedOff.size())
                .append(" started=").append(progressLocked()).append(" rescued=").append(rescued)
                .append(" intake=").append(intake.describe()).append(" poller=").append(poller)
                .append(" wakeInFlight=").append(wakeInFlight);
        if (creationFailures > 0) {
            sb.append(" creationFailures=").append(creationFailures).append(" (last: ").append(lastCreationFailure)
                    .append(", ").append((System.nanoTime() - lastCreationFailureNanos) / 1_000_000L).append(" ms ago)");
        }
        for (Worker b = busyHead; b != null; b = b.nextBusy) {
            Work running = b.currentItem();
            sb.append("\n    in flight: ").append(running == null ? "(between items)" : running.name()).append(" on ")
                    .append(b.thread.getName())
                    .append(b.rescuer ? " (rescuer)" : "").append(" state=").append(b.thread.getState())
                    .append(" batch=").append(b.nextOpaque()).append('/').append(b.limitOpaque());
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
        int pending = pendingLocked();
        long progress = progressLocked();
        if (pending == 0 || progress != startedAtLastCheck) {
            // Progress, or nothing waits: the clock starts again (the watchdog's own clock, so that starting
            // an item costs no clock read; the stall's age is known to a watchdog period).
            startedAtLastCheck = progress;
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
        return progressLocked();
    }

    /** Batch entries reached so far (claimed, or found stale): ended batches, and each busy worker's. */
    private long progressLocked() {
        long n = started;
        for (Worker b = busyHead; b != null; b = b.nextBusy) {
            n += b.nextOpaque();
        }
        return n;
    }

    /** Queueings waiting to start: listed, and unreached live entries of busy workers' batches. */
    private int pendingLocked() {
        int n = worklist.size() + handedOff.size();
        for (Worker b = busyHead; b != null; b = b.nextBusy) {
            for (int i = b.nextOpaque(), to = b.limitOpaque(); i < to; i++) {
                if (b.batch[i].claimable(b.batchStates[i])) {
                    n++;
                }
            }
        }
        return n;
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

    /** Racy: a hint for the rescuer's poll; zero when nothing is listed and no worker holds a batch. */
    int pendingHintOpaque() {
        return (int) QUEUED.getOpaque(this) + (int) BUSY.getOpaque(this);
    }

    static void log(Level level, String msg, Throwable e) {
        LOG.log(level, msg, e);
    }

    private static final VarHandle QUEUED;
    private static final VarHandle BUSY;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            QUEUED = l.findVarHandle(WorkerPool.class, "queued", int.class);
            BUSY = l.findVarHandle(WorkerPool.class, "busy", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
