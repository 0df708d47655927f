package dev.quiesce.wq;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A Linux-style workqueue: reusable {@link Work} items run by pools of worker threads, one pool per shard
 * (the JVM's stand-in for a CPU) or one pool for an {@link Builder#unbound() unbound} queue.
 *
 * <p>The liveness contract: every item accepted by {@link #queue} runs exactly once or is cancelled through
 * {@link Work#cancel()}; a submitter never gets an exception for an accepted item, even when no worker thread
 * can be created; {@link #close()} runs every accepted item before it returns. A {@link Builder#memReclaim()
 * memReclaim} queue pre-starts a rescuer thread that runs the queue's items one at a time whenever its pools
 * cannot get a worker, so its items make progress when the JVM can create no thread at all.
 *
 * <p>Semantics, the rescuer and the seed scenarios: docs/workqueue.md.
 */
public final class Workqueue implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.quiesce.wq");
    private static final int OPEN = 0;
    /** One or more drain() calls run (their count: {@link #drainers}). */
    private static final int DRAINING = 1;
    private static final int CLOSED = 2;
    /** close() runs: only the queue's own items may queue, as while draining, and no drain() reopens it. */
    private static final int CLOSING = 3;

    final String name;
    final boolean memReclaim;
    final boolean ordered;
    final boolean unbound;
    /** One pre-started thread, never more, never retired: a {@link DedicatedWorker}. */
    final boolean dedicated;
    final int maxActive;
    final ThreadFactory threadFactory;
    final long idleTimeoutMillis;
    final long maydayAfterNanos;
    final long watchdogNanos;
    /** {@code -Dquiesce.test.hooks=true} (the runtime's tests): a constant, so the hooks below fold away otherwise. */
    static final boolean TEST_HOOKS = Boolean.getBoolean("quiesce.test.hooks");
    /**
     * How long a flush waits for a finisher's signal before it looks again (and retries worker creation). Tests
     * lengthen it to show that a signal, not the timeout, ended a wait.
     */
    static volatile long flushRoundMillis = 100;
    /** Tests only: called by queue() after its state check and pending bit, before its push. */
    static volatile java.util.function.Consumer<Work> beforePushForTest;
    /** Tests only: called by queue() after its push, before it looks at the state again. */
    static volatile java.util.function.Consumer<Work> afterPushForTest;
    /** Tests only: called by close() after its last drain, before it stops the pools. */
    static volatile Runnable beforeStopForTest;
    /** Tests only: called by close() after its first drain, before it stores CLOSED. */
    static volatile Runnable afterFirstCloseDrainForTest;
    private final WorkerPool[] pools;
    /** {@code pools.length - 1} if that length is a power of two (a 64-bit division per queueing saved), else -1. */
    private final int shardMask;
    /** log2 of {@code pools.length} if that is a power of two (with {@link #shardMask}), else unused. */
    private final int shardShift;
    /**
     * Stripes of each pool's intake (a power of two): 1 if the queue runs one item at a time, whose items must
     * start in the order they were queued; else one per CPU, at most 4 per pool of a sharded queue and 16 for a
     * queue of one pool.
     */
    final int intakeStripes;
    /** {@code pools[i].intake}, for submitters. */
    private final PoolIntake[] intakes;
    private final Rescuer rescuer;
    private final AtomicInteger state = new AtomicInteger(OPEN);
    private static final String[] STATE_NAMES = {"open", "draining", "closed", "closing"};
    /** Guards {@link #drainers} and drain()'s changes of {@link #state}. */
    private final Object drainLock = new Object();
    /** drain() calls in progress; guarded by {@link #drainLock}. */
    private int drainers;
    private final Object finishedSignal = new Object();
    private volatile int flushWaiters;
    private final LongAdder failures = new LongAdder();
    private volatile long lastFailureLogNanos;

    private Workqueue(Builder b) {
        this.name = b.name;
        this.memReclaim = b.memReclaim;
        this.ordered = b.ordered;
        this.dedicated = b.dedicated;
        this.unbound = b.unbound || b.ordered || b.dedicated;
        this.maxActive = b.ordered || b.dedicated ? 1 : b.maxActive;
        this.idleTimeoutMillis = Math.max(1, b.idleTimeout.toMillis());
        this.maydayAfterNanos = b.maydayAfter.toNanos();
        this.watchdogNanos = b.watchdog.toNanos();
        this.threadFactory = b.threadFactory != null ? b.threadFactory : defaultFactory(b.name, b.highPriority);
        int n = this.unbound ? 1 : b.shards;
        this.pools = new WorkerPool[n];
        this.shardMask = Integer.bitCount(n) == 1 ? n - 1 : -1;
        this.shardShift = Integer.numberOfTrailingZeros(n);
        this.intakeStripes = maxActive == 1 ? 1 : b.intakeStripes > 0 ? b.intakeStripes : defaultStripes(n);
        this.intakes = new PoolIntake[n];
        for (int i = 0; i < n; i++) {
            pools[i] = new WorkerPool(this, this.unbound ? -1 : i);
            intakes[i] = pools[i].intake;
        }
        WorkTimer.ensureStarted();
        WorkerCreationThread.ensureStarted();
        if (dedicated) {
            Throwable failure = pools[0].startDedicatedThread();
            if (failure != null) {
                throw new IllegalStateException("cannot start the thread of dedicated worker \"" + name + "\"",
                        failure);
            }
        }
        this.rescuer = memReclaim ? Rescuer.start(this) : null;
        Workqueues.register(this);
    }

    private static int defaultStripes(int pools) {
        int cpus = Runtime.getRuntime().availableProcessors();
        if (cpus == 1) {
            return 1;
        }
        return Math.min(pools == 1 ? 16 : 4, Integer.highestOneBit(cpus - 1) << 1);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    /** Number of shards (1 for an unbound or ordered queue). */
    public int shards() {
        return pools.length;
    }

    // ---- queueing -------------------------------------------------------------------------------------------

    /**
     * Queues {@code w} on the calling thread's shard. Returns false, changing nothing, if {@code w} is already
     * pending (here or on another queue). If {@code w} is still running, it runs again after the current run.
     *
     * @throws IllegalStateException if the queue is closed or draining (nothing was accepted); while draining,
     *         the queue's own items may still queue
     */
    public boolean queue(Work w) {
        return queueOn(unbound ? 0 : homeShard(), w);
    }

    /**
     * Queues {@code w} on {@code shard}'s pool; on another online shard if that one is offline.
     *
     * @throws IndexOutOfBoundsException if there is no such shard
     */
    public boolean queueOn(int shard, Work w) {
        Objects.requireNonNull(w, "work");
        Objects.checkIndex(shard, pools.length);
        checkOpen(w);
        long state = w.trySetPending();
        if (state < 0) {
            return false;
        }
        PoolIntake target = intakeFor(w, state, shard);
        if (TEST_HOOKS && beforePushForTest != null) {
            beforePushForTest.accept(w);
        }
        target.enqueue(w, stripeKey());
        if (TEST_HOOKS && afterPushForTest != null) {
            afterPushForTest.accept(w);
        }
        if (closedMeanwhile() && target.pool.takeBack(w, Work.acceptedCount(state))) {
            throw refused(w, CLOSED);
        }
        return true;
    }

    /** Refuses a queueing once the queue is closed, or draining and the caller is not one of its items. */
    private void checkOpen(Work w) {
        int s = state.get();
        if (s == CLOSED || ((s == DRAINING || s == CLOSING) && !fromOwnItem())) {
            throw refused(w, s);
        }
    }

    private IllegalStateException refused(Work w, int s) {
        return new IllegalStateException("workqueue \"" + name + "\" is " + STATE_NAMES[s] + "; "
                + w.name() + " refused");
    }

    /**
     * Read by a queueing after its push (a CAS) or its timer's add (under the timer's lock). A queueing that sees
     * the queue not closed came before close() stored CLOSED, so close()'s last drain finds the item and runs it.
     * One that sees CLOSED may have been missed by that drain: it takes back its own queueing (named by the
     * accepted count it gave the item, or by its timer arming), never another one of the same item, and refuses
     * it; if a worker started it already, or someone cancelled it, it stays accepted (close() waits for the
     * workers to exit, so for that run). Ordering: docs/memory-ordering.md, "Close against queueing".
     */
    private boolean closedMeanwhile() {
        return state.get() == CLOSED;
    }

    /**
     * Queues {@code w} on the calling thread's shard once {@code delay} has passed (at once if it is zero).
     * Returns false, changing nothing, if {@code w} is pending (in its timer or queued).
     *
     * @throws IllegalArgumentException if {@code delay} is negative
     * @throws IllegalStateException if the queue is closed or draining
     */
    public boolean queueDelayed(DelayedWork w, Duration delay) {
        Objects.requireNonNull(w, "work");
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, got " + delay);
        }
        if (delay.isZero()) {
            return queue(w);
        }
        checkOpen(w);
        long nanos;
        try {
            nanos = delay.toNanos();
        } catch (ArithmeticException tooLong) {
            nanos = Long.MAX_VALUE / 4;
        }
        long state = w.trySetPending();
        if (state < 0) {
            return false;
        }
        long timerSeq = WorkTimer.add(w, this, unbound ? 0 : homeShard(), Math.min(nanos, Long.MAX_VALUE / 4));
        if (closedMeanwhile() && WorkTimer.takeBack(w, timerSeq, Work.acceptedCount(state))) {
            throw refused(w, CLOSED);
        }
        return true;
    }

    /**
     * The timer's hand-off: {@code w} is pending already. Called under the timer's lock, which is not held while
     * a worker is woken: returns the pool the caller must wake once it let go of that lock, or null (the timer
     * leaves a worker that must be created to another thread: {@code WorkTimer.kickAll}).
     */
    WorkerPool enqueueFromTimer(DelayedWork w, int shard) {
        PoolIntake target = intakeFor(w, w.stateVolatile(), shard);
        w.firedTo = target.pool; // under the timer's lock, before the push: the take-back's key
        return target.enqueueWithoutKick(w, 0) ? target.pool : null;
    }

    /**
     * The intake a pending queueing of {@code w} goes to: while an earlier queueing from this queue runs, the
     * pool that runs it (whose claim hands the queueing to the runner, which runs it again without a trip
     * through another pool); otherwise {@code shard}'s, or the next online one. {@code submittedTo} is the
     * running queueing's pool: its winner wrote it before this queueing's pending bit.
     */
    private PoolIntake intakeFor(Work w, long state, int shard) {
        WorkerPool running = (state & Work.RUNNING) != 0 ? w.submittedTo : null;
        return running != null && running.wq == this ? running.intake : onlineIntake(shard);
    }

    /** The calling thread's shard: its id modulo the shard count (a mask when that is a power of two). */
    private int homeShard() {
        long id = Thread.currentThread().getId();
        return shardMask >= 0 ? (int) id & shardMask : (int) (id % pools.length);
    }

    /**
     * The calling thread's intake stripe key: its id without the bits that chose its home shard, so that threads
     * with consecutive ids that share a shard push to different stripes.
     */
    private int stripeKey() {
        long id = Thread.currentThread().getId();
        return (int) (shardMask >= 0 ? id >>> shardShift : id / pools.length);
    }

    /** Read through {@link #intakes}, not the pools: a submitter touches no line that a worker writes per item. */
    private PoolIntake onlineIntake(int shard) {
        PoolIntake home = intakes[shard];
        if (home.isOnline()) {
            return home; // without the division below, which costs a queueing several nanoseconds
        }
        for (int i = 1; i < intakes.length; i++) {
            PoolIntake p = intakes[(shard + i) % intakes.length];
            if (p.isOnline()) {
                return p;
            }
        }
        return intakes[shard]; // every shard offline: the item still runs, on its own shard's workers
    }

    private boolean fromOwnItem() {
        Worker self = Worker.current();
        return self != null && self.pool.wq == this;
    }

    // ---- flush, drain, close --------------------------------------------------------------------------------

    /**
     * Waits until every item queued before this call has run (items queued later are not waited for).
     *
     * @throws IllegalStateException from one of this queue's own items (it would wait for itself)
     */
    public void flush() {
        checkFlushFromOwnItem("flush()");
        FlushTargets targets = new FlushTargets();
        for (WorkerPool p : pools) {
            p.snapshot(targets);
        }
        targets.awaitAll();
    }

    /**
     * Flushes until the queue is empty; meanwhile only the queue's own items may queue (chained work).
     *
     * @throws IllegalStateException from one of this queue's own items (the queue is not empty while it runs)
     */
    public void drain() {
        checkFlushFromOwnItem("drain()");
        synchronized (drainLock) {
            if (state.get() == CLOSED) {
                return;
            }
            drainers++;
            state.compareAndSet(OPEN, DRAINING); // not CLOSING: close() keeps refusing, and no drain reopens it
        }
        try {
            drainPools();
        } finally {
            synchronized (drainLock) {
                // The last drain reopens the queue: concurrent drains keep it draining until all are done.
                if (--drainers == 0) {
                    state.compareAndSet(DRAINING, OPEN);
                }
            }
        }
    }

    private void drainPools() {
        for (;;) {
            flush();
            boolean idle = true;
            for (WorkerPool p : pools) {
                idle &= p.isIdle();
            }
            if (idle) {
                return;
            }
        }
    }

    /**
     * close()'s wait until every pool is empty. A queue without a rescuer has nobody else to run the items no
     * worker can start (creating one fails): the closing thread runs them itself, one at a time, through the
     * rescuer's path, once a pool has needed rescue for {@code maydayAfter} and a retry of its creation did not
     * help. So close() runs every accepted item even when no worker thread can ever be created. (It calls the
     * factory itself for the retries, as submitters and flushers do: a factory that blocks blocks it.)
     */
    private void drainPoolsClosing() {
        if (rescuer != null || dedicated) {
            drainPools(); // the rescuer runs what no worker can; a dedicated worker keeps its thread until close
            return;
        }
        Worker standIn = null;
        long[] needSince = new long[pools.length];
        long[] lastRetry = new long[pools.length];
        java.util.Arrays.fill(lastRetry, System.nanoTime() - Rescuer.RETRY_NANOS);
        long backoffNanos = 10_000L;
        for (;;) {
            boolean idle = true;
            boolean ran = false;
            for (int i = 0; i < pools.length; i++) {
                WorkerPool p = pools[i];
                if (p.isIdle()) {
                    needSince[i] = 0;
                    continue;
                }
                idle = false;
                long now = System.nanoTime();
                if (!p.needsRescue()) {
                    needSince[i] = 0;
                } else if (needSince[i] == 0) {
                    needSince[i] = now;
                } else if (now - needSince[i] >= maydayAfterNanos) {
                    if (now - lastRetry[i] >= Rescuer.RETRY_NANOS) {
                        lastRetry[i] = now;
                        p.retryCreation(); // a worker made here takes over; the next round looks again
                        continue;
                    }
                    if (standIn == null) {
                        standIn = new Worker(p, true);
                        standIn.thread = Thread.currentThread();
                        LOG.log(Level.WARNING, "close() of workqueue \"" + name + "\": no worker can be created to "
                                + "run its pending items; the closing thread runs them");
                    }
                    ran |= runAsStandIn(p, standIn);
                }
            }
            if (idle) {
                return;
            }
            if (ran) {
                backoffNanos = 10_000L;
            } else {
                LockSupport.parkNanos(this, backoffNanos);
                backoffNanos = Math.min(backoffNanos * 2, 1_000_000L);
            }
        }
    }

    /** Runs one of {@code p}'s waiting items on the calling thread, bound meanwhile to {@code standIn}. */
    private static boolean runAsStandIn(WorkerPool p, Worker standIn) {
        Worker outer = Worker.current(); // a worker of another queue, if an item of it closes this one
        standIn.bindToCurrentThread();
        try {
            return p.rescueOne(standIn);
        } finally {
            Worker.bind(outer);
        }
    }

    /**
     * Refuses new items, runs every accepted one, stops the workers and the rescuer. Idempotent.
     *
     * @throws IllegalStateException from one of the queue's own items
     */
    @Override
    public void close() {
        if (fromOwnItem()) {
            throw new IllegalStateException("workqueue \"" + name + "\" closed from its own item");
        }
        for (;;) {
            int s = state.get();
            if (s == CLOSED) {
                return;
            }
            if (state.compareAndSet(s, CLOSING)) {
                break;
            }
        }
        drainPoolsClosing();
        if (TEST_HOOKS && afterFirstCloseDrainForTest != null) {
            afterFirstCloseDrainForTest.run();
        }
        state.set(CLOSED); // a queueing that sees it after its push takes its item back (closedMeanwhile)
        WorkTimer.fireAllNow(this); // delayed items still in their timer run now: close never drops one
        drainPoolsClosing(); // finds every item pushed before CLOSED
        if (TEST_HOOKS && beforeStopForTest != null) {
            beforeStopForTest.run();
        }
        for (WorkerPool p : pools) {
            p.stop();
        }
        // An item pushed after CLOSED and started before its queueing could take it back is accepted: it has
        // a worker (or the rescuer), which exits only once the item has run.
        for (WorkerPool p : pools) {
            p.awaitWorkersGone();
        }
        if (rescuer != null) {
            rescuer.stop();
        }
        Workqueues.unregister(this);
    }

    public boolean isClosed() {
        return state.get() == CLOSED;
    }

    private void checkFlushFromOwnItem(String what) {
        Worker self = Worker.current();
        if (self == null) {
            return;
        }
        Work item = self.currentItem();
        String itemName = item == null ? "?" : item.name();
        if (self.pool.wq == this) {
            throw new IllegalStateException(what + " of workqueue \"" + name + "\" from its own item \"" + itemName
                    + "\": " + (ordered || maxActive == 1 ? "the queue runs one item at a time, so it would wait for itself"
                            : self.rescuer || memReclaim
                                    ? "its rescuer may be the only thread running it, so it would wait for itself"
                                    : "it would wait for its own item's later queueings, and two items flushing at once"
                                            + " would wait for each other"));
        }
        if (self.pool.wq.memReclaim && !memReclaim) {
            LOG.log(Level.WARNING, "memReclaim item \"" + itemName + "\" of \"" + self.pool.wq.name + "\" flushes \""
                    + name + "\", which has no rescuer: under memory or thread pressure the flush may never end");
        }
    }

    /**
     * One round of {@link Work#awaitFinished}: waits on this queue's signal until {@code target} queueings of
     * {@code w} have finished, or for {@link #flushRoundMillis} at most; then, if they have not, retries worker
     * creation of stuck pools. Returns whether the wait was interrupted. Lock order: a finisher signals after its state's CAS,
     * outside its pool's lock; the retries run outside {@code finishedSignal}.
     */
    boolean awaitFinishedRound(Work w, long target) {
        boolean interrupted = false;
        synchronized (finishedSignal) {
            // Volatile write, then volatile read of the state; the finisher CASes the state, then reads
            // `flushWaiters`: one of the two sees the other, so no wake-up is lost.
            flushWaiters++;
            try {
                if (w.finishedVolatile() < target) {
                    finishedSignal.wait(flushRoundMillis);
                }
            } catch (InterruptedException e) {
                interrupted = true;
            } finally {
                flushWaiters--;
            }
        }
        if (w.finishedVolatile() < target) {
            for (WorkerPool p : pools) {
                p.retryCreation();
            }
        }
        return interrupted;
    }

    /** An item finished or was cancelled: wakes flushers, if any (a volatile read otherwise). */
    void signalFinished() {
        if (flushWaiters > 0) {
            synchronized (finishedSignal) {
                finishedSignal.notifyAll();
            }
        }
    }

    // ---- shards ---------------------------------------------------------------------------------------------

    /**
     * Takes a shard offline or back online. Items queued on an offline shard run on another one; items already
     * pending or running there still run, and flushes still wait for them.
     */
    public void setShardOnline(int shard, boolean online) {
        Objects.checkIndex(shard, pools.length);
        pools[shard].setOnline(online);
    }

    // ---- faults ---------------------------------------------------------------------------------------------

    /**
     * An item threw: counted and logged. Never throws itself: it runs on a worker (or the rescuer, or a closing
     * thread) between an item and the bookkeeping that ends its run, and the log line allocates.
     */
    void itemFailed(Work w, Throwable e) {
        failures.increment();
        try {
            LOG.log(Level.WARNING, "work item \"" + w.name() + "\" of workqueue \"" + name + "\" threw", e);
        } catch (Throwable unreported) {
            // OutOfMemoryError or a log handler's failure: the count stays
        }
    }

    /**
     * Answers a failed worker creation: a mayday (allocates nothing), then the report. Never throws: it runs on
     * a submitter's thread, among others, whose item is accepted, and the report allocates (a message, a JFR
     * event), which a heap with no room answers with {@code OutOfMemoryError}; a failing log handler is no
     * reason to fail the queueing either. The failure stays counted ({@code workerCreationFailures()}).
     */
    void creationFailed(WorkerPool p, Throwable failure, boolean noWorkerAtAll) {
        if (rescuer != null) {
            rescuer.mayday(p);
        }
        try {
            reportCreationFailure(p, failure, noWorkerAtAll);
        } catch (Throwable unreported) {
            // OutOfMemoryError or a log handler's failure: the report is lost, not the item
        }
    }

    private void reportCreationFailure(WorkerPool p, Throwable failure, boolean noWorkerAtAll) {
        if (Jfr.recording()) {
            WorkqueueMaydayEvent e = new WorkqueueMaydayEvent();
            e.queue = name;
            e.pool = p.poolName();
            e.failure = String.valueOf(failure);
            e.rescuerCalled = rescuer != null;
            e.commit();
        }
        long now = System.nanoTime();
        if (now - lastFailureLogNanos > 1_000_000_000L) { // at most one line a second per queue
            lastFailureLogNanos = now;
            LOG.log(Level.WARNING, "workqueue \"" + name + "\": cannot start a worker (" + failure + "); "
                    + (rescuer != null ? "its rescuer runs the pending items"
                            : noWorkerAtAll ? "pending items wait (none is dropped); retried on the next queue, flush "
                                    + "or close" : "the running workers go on; retried later"));
        }
    }

    /**
     * {@link WorkerCreationThread}'s pass: nothing else retries a failed creation while no one queues or flushes
     * (the kernel's manager keeps trying, and so does this). A rescued queue's retrier does it for its rescuer.
     */
    void retryFailedCreations() {
        if (rescuer != null) {
            return;
        }
        for (WorkerPool p : pools) {
            p.retryCreationAfterFailure();
        }
    }

    /** The watchdog's pass over this queue's pools; logs each new lockup with the dump of every queue. */
    void watchdog(long now) {
        long[] found = new long[2];
        for (WorkerPool p : pools) {
            if (!p.checkLockup(now, watchdogNanos, found)) {
                continue;
            }
            String dump = Workqueues.dump();
            if (Jfr.recording()) { // committed before the log line, so a reader of the log finds it recorded
                WorkqueueLockupEvent e = new WorkqueueLockupEvent();
                e.queue = name;
                e.pool = p.poolName();
                e.pending = (int) found[0];
                e.stalledFor = found[1];
                e.dump = dump;
                e.commit();
            }
            LOG.log(Level.WARNING, "workqueue \"" + name + "\" " + p.poolName() + ": lockup: " + found[0]
                    + " items pending, none started for " + found[1] / 1_000_000L + " ms\n" + dump);
        }
    }

    // ---- stats ----------------------------------------------------------------------------------------------

    /** Items that threw. */
    public long itemFailures() {
        return failures.sum();
    }

    /** Items run by the rescuer. */
    public long rescued() {
        long n = 0;
        for (WorkerPool p : pools) {
            n += p.rescuedCount();
        }
        return n;
    }

    /** Failed attempts to create a worker. */
    public long workerCreationFailures() {
        long n = 0;
        for (WorkerPool p : pools) {
            n += p.creationFailures();
        }
        return n;
    }

    WorkerPool[] pools() {
        return pools;
    }

    Rescuer rescuer() {
        return rescuer;
    }

    /** A multi-line description: flags, every pool's counts and in-flight items with stacks, the rescuer. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("workqueue \"").append(name).append('"');
        if (memReclaim) {
            sb.append(" memReclaim");
        }
        if (ordered) {
            sb.append(" ordered");
        } else if (unbound) {
            sb.append(" unbound");
        }
        sb.append(" maxActive=").append(maxActive).append(" state=")
                .append(STATE_NAMES[state.get()]);
        for (WorkerPool p : pools) {
            sb.append("\n  ").append(p.describe());
        }
        if (rescuer != null) {
            sb.append("\n  ").append(rescuer.describe());
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "Workqueue[" + name + "]";
    }

    private static ThreadFactory defaultFactory(String name, boolean highPriority) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "quiesce-wq-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            if (highPriority) {
                t.setPriority(Thread.MAX_PRIORITY);
            }
            return t;
        };
    }

    /** Builds a {@link Workqueue}. Bad values are refused when set, with the reason. */
    public static final class Builder {
        private final String name;
        private boolean memReclaim;
        private boolean ordered;
        private boolean unbound;
        private boolean highPriority;
        private int maxActive = 256;
        private int shards = Runtime.getRuntime().availableProcessors();
        private ThreadFactory threadFactory;
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Duration maydayAfter = Duration.ofMillis(10);
        private boolean dedicated;
        private Duration watchdog = Duration.ofSeconds(30);
        private int intakeStripes;

        private Builder(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank() || name.length() > 100) {
                throw new IllegalArgumentException("workqueue name must be 1 to 100 non-blank characters, got \""
                        + name + "\"");
            }
            this.name = name;
        }

        /** Pre-starts a rescuer, so the queue's items progress when no worker thread can be created. */
        public Builder memReclaim() {
            memReclaim = true;
            return this;
        }

        /** One item at a time, in queue order (implies unbound and maxActive 1). */
        public Builder ordered() {
            ordered = true;
            return this;
        }

        /** For {@link DedicatedWorker}: one thread, started by build(), ordered. */
        Builder dedicatedThread() {
            dedicated = true;
            return this;
        }

        /** One pool for the whole queue instead of one per shard. */
        public Builder unbound() {
            unbound = true;
            return this;
        }

        /** Workers at the highest Java priority (a hint to the OS scheduler, which it may ignore). */
        public Builder highPriority() {
            highPriority = true;
            return this;
        }

        /**
         * Items running at once per pool, blocked ones included (each on a worker of its own); the rest wait in
         * the worklist, in order.
         */
        public Builder maxActive(int n) {
            if (n < 1 || n > 4096) {
                throw new IllegalArgumentException("maxActive must be 1 to 4096, got " + n);
            }
            maxActive = n;
            return this;
        }

        /** Tests: the stripes of each pool's intake, a power of two (default: see {@link #intakeStripes}). */
        Builder intakeStripes(int n) {
            if (n < 1 || n > 64 || Integer.bitCount(n) != 1) {
                throw new IllegalArgumentException("intakeStripes must be a power of two from 1 to 64, got " + n);
            }
            intakeStripes = n;
            return this;
        }

        /** Number of shards of a bound queue (default: available processors). */
        public Builder shards(int n) {
            if (n < 1 || n > 1024) {
                throw new IllegalArgumentException("shards must be 1 to 1024, got " + n);
            }
            shards = n;
            return this;
        }

        public Builder threadFactory(ThreadFactory f) {
            threadFactory = Objects.requireNonNull(f, "threadFactory");
            return this;
        }

        /** How long an extra idle worker waits before it exits (one idle worker per pool always stays). */
        public Builder idleTimeout(Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("idleTimeout must be positive, got " + d);
            }
            idleTimeout = d;
            return this;
        }

        /**
         * How long a pool may have pending items and start none before the watchdog logs a lockup with
         * {@link Workqueues#dump()} (default 30 s, at least 10 ms).
         */
        public Builder watchdogThreshold(Duration d) {
            if (d == null || d.toMillis() < 10) {
                throw new IllegalArgumentException("watchdogThreshold must be at least 10 ms, got " + d);
            }
            watchdog = d;
            return this;
        }

        /** How long items may wait with no worker able to start them before the rescuer steps in. */
        public Builder maydayAfter(Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("maydayAfter must be positive, got " + d);
            }
            maydayAfter = d;
            return this;
        }

        /**
         * Builds the queue. A memReclaim queue starts its rescuer here.
         *
         * @throws IllegalStateException if the rescuer thread cannot be created (nothing is left running)
         */
        public Workqueue build() {
            return new Workqueue(this);
        }
    }
}
