package dev.quiesce.rcu;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sequencing shared by every domain: one dedicated grace-period thread, sequence numbers, shared grace
 * periods, waiters, batched callbacks, barrier and close. The flavor decides how a grace period waits.
 *
 * <p>Who runs a grace period: whoever holds {@code gpLock}. The driver thread runs the grace periods that
 * callbacks and polled cookies need. A thread in {@code synchronize()} that finds the lock free runs its
 * own grace period on its own stack instead of waking the driver and parking: on a loaded machine each of
 * those two wake-ups waits for a CPU (milliseconds with more runnable threads than cores), and on an idle
 * one it saves two context switches. A caller that finds the lock taken wakes the driver and waits; the
 * driver's loop serves every request the lock holder did not.
 *
 * <p>Sequence numbers: {@code started} and {@code completed} count grace periods; between grace periods
 * they are equal, during one {@code started == completed + 1}. A caller that needs a grace period starting
 * after its call asks for cookie {@code started + 1}, read after a full fence: if the read misses a
 * concurrent start, that start's pre-scan fence is ordered after the caller's unlink (docs/memory-ordering.md,
 * "sequence numbers"). Any number of callers asking for the same cookie share one grace period.
 *
 * <p>Callbacks queued through {@link #call} wait in a lock-free intake queue; the driver moves them, between grace
 * periods, into the batch of the next grace period, and hands each completed batch to the
 * {@link CallbackExecutor} as one task.
 *
 * <p>Field legend: {@code I:} set at construction; {@code GP:} written only under {@code gpLock} (volatile
 * so any thread may read); {@code D:} the driver thread only; {@code A:} atomic, any thread.
 */
final class GracePeriodDriver {
    private static final System.Logger LOG = System.getLogger("dev.quiesce.rcu");
    private static final ThreadLocal<GracePeriodDriver> RUNNING_CALLBACKS_OF = new ThreadLocal<>();

    /** What a flavor may ask of the driver while it waits. */
    interface Control {
        /** True once a caller asked for an expedited grace period covering {@code seq}. */
        boolean expedited(long seq);

        long nanoTime();
    }

    /** I: */
    final String name;
    private final GracePeriodFlavor flavor;
    private final CallbackExecutor executor;
    private final Thread thread;
    private final ThreadView clock;

    /** Held while a grace period runs, by the driver thread or by a caller; see the class comment. */
    private final ReentrantLock gpLock = new ReentrantLock();
    private final Control control = new Control() {
        @Override
        public boolean expedited(long seq) {
            return expeditedRequested.get() >= seq;
        }

        @Override
        public long nanoTime() {
            return clock.nanoTime();
        }
    };

    /** GP: grace periods started; see the class comment. */
    private volatile long started;
    /** GP: grace periods completed. */
    private volatile long completed;
    /** A: the highest cookie any caller asked for. */
    private final AtomicLong requested = new AtomicLong();
    /** A: the highest cookie any caller asked to expedite. */
    private final AtomicLong expeditedRequested = new AtomicLong();
    /** A: callers between their closed-check and their request; close() waits for them. */
    private final AtomicLong entering = new AtomicLong();
    /** A: set once by close(). */
    private volatile boolean closed;
    /** GP: true once the driver thread has finished. */
    private volatile boolean terminated;

    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Object> intake = new ConcurrentLinkedQueue<>();
    /** D: callbacks for the next grace period the driver runs. */
    private ArrayList<Runnable> nextBatch = new ArrayList<>();
    /** D: completed batches the executor refused; submitted again before anything newer. */
    private final ArrayList<Runnable> undispatched = new ArrayList<>();

    final LatencyHistogram latency = new LatencyHistogram();
    /** GP: */
    private volatile long expeditedCompleted;
    private volatile long gpFailures;
    private final LongAdder callbacksQueued = new LongAdder();
    private final LongAdder callbacksInvoked = new LongAdder();
    private final LongAdder callbacksFailed = new LongAdder();

    GracePeriodDriver(String name, GracePeriodFlavor flavor, CallbackExecutor executor, ThreadFactory factory,
            ThreadView clock) {
        this.name = name;
        this.flavor = flavor;
        this.executor = executor;
        this.clock = clock;
        Thread t = factory.newThread(this::run);
        if (t == null) {
            throw new IllegalStateException("thread factory returned null for the grace-period thread of \""
                    + name + "\"");
        }
        thread = t;
    }

    void start() {
        thread.start();
    }

    Thread thread() {
        return thread;
    }

    // ---- requests -------------------------------------------------------------------------------------

    /** A cookie naming the first grace period that starts after this call. */
    long cookie() {
        // Orders the caller's unlink before the read of `started`; pairs with the fence after the driver's
        // store of `started` (see the class comment).
        java.lang.invoke.VarHandle.fullFence();
        return started + 1;
    }

    boolean done(long cookie) {
        if (cookie < 0) {
            throw new IllegalArgumentException("not a grace-period cookie: " + cookie);
        }
        return completed >= cookie; // volatile read: the caller's frees come after
    }

    /** Asks the driver for the grace period named by a new cookie; returns the cookie. */
    long request(boolean expedite) {
        long c = record(expedite);
        LockSupport.unpark(thread);
        return c;
    }

    /** Records a request for a new cookie without waking anybody; returns the cookie. */
    private long record(boolean expedite) {
        enter();
        try {
            long c = cookie();
            raise(requested, c);
            if (expedite) {
                raise(expeditedRequested, c);
            }
            return c;
        } finally {
            exit();
        }
    }

    void synchronize(boolean expedite) {
        checkMayWait("synchronize");
        long c = record(expedite);
        if (!runIfFree(c)) {
            LockSupport.unpark(thread);
            awaitCookie(c);
        }
    }

    /**
     * Runs grace periods on the calling thread until {@code cookie}'s has ended, if no grace period is
     * running now; returns false, having done nothing, if one is. Interrupts are kept for the caller: the
     * flavors' backoff parks, which an interrupt would turn into a busy loop.
     */
    private boolean runIfFree(long cookie) {
        if (!gpLock.tryLock()) {
            return false;
        }
        boolean interrupted = Thread.interrupted();
        try {
            while (completed < cookie) {
                runOne(false);
                interrupted |= Thread.interrupted();
            }
        } finally {
            gpLock.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return true;
    }

    void awaitCookie(long c) {
        if (completed >= c) {
            return;
        }
        Waiter w = new Waiter(Thread.currentThread(), c);
        waiters.add(w);
        boolean interrupted = false;
        while (completed < c) {
            if (terminated && completed < c) {
                throw new IllegalStateException("grace-period domain \"" + name + "\" stopped before grace period "
                        + c + " completed");
            }
            LockSupport.park(this);
            interrupted |= Thread.interrupted();
        }
        waiters.remove(w);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Like {@link #synchronize} but returns at once if the cookie's grace period already ended. */
    void synchronizeIfNeeded(long cookie) {
        if (done(cookie)) {
            return;
        }
        checkMayWait("synchronizeIfNeeded");
        enter();
        try {
            raise(requested, cookie);
        } finally {
            exit();
        }
        if (!runIfFree(cookie)) {
            LockSupport.unpark(thread);
            awaitCookie(cookie);
        }
    }

    void call(Runnable callback) {
        java.util.Objects.requireNonNull(callback, "callback");
        enter();
        try {
            // The offer publishes the callback (and the caller's unlink before it) to the driver.
            intake.offer(callback);
            callbacksQueued.increment();
            LockSupport.unpark(thread);
        } finally {
            exit();
        }
    }

    void barrier() {
        if (RUNNING_CALLBACKS_OF.get() != null) {
            throw new IllegalStateException("barrier() called from an RCU callback of domain \""
                    + RUNNING_CALLBACKS_OF.get().name + "\": it would wait for itself");
        }
        CountDownLatch done = new CountDownLatch(1);
        try {
            enter();
        } catch (IllegalStateException closedAlready) {
            return; // close() invoked every callback before it returned
        }
        try {
            intake.offer(new BarrierMarker(done));
            LockSupport.unpark(thread);
        } finally {
            exit();
        }
        boolean interrupted = false;
        for (;;) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void checkMayWait(String what) {
        GracePeriodDriver running = RUNNING_CALLBACKS_OF.get();
        if (running != null) {
            throw new IllegalStateException(what + "() called from an RCU callback of domain \"" + running.name
                    + "\": a callback must not wait for a grace period (the callbacks queued behind it would "
                    + "stall); chain the work with call() instead");
        }
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException(what + "() called on the grace-period thread of \"" + name + "\"");
        }
        flavor.checkMayWait();
        if (closed) {
            throw closedError(what);
        }
    }

    private void enter() {
        entering.incrementAndGet();
        if (closed) {
            entering.decrementAndGet();
            throw closedError("request");
        }
    }

    private void exit() {
        entering.decrementAndGet();
    }

    private IllegalStateException closedError(String what) {
        return new IllegalStateException("grace-period domain \"" + name + "\" is closed; " + what + " refused");
    }

    private static void raise(AtomicLong a, long v) {
        long cur;
        while ((cur = a.get()) < v) {
            if (a.compareAndSet(cur, v)) {
                return;
            }
        }
    }

    // ---- close --------------------------------------------------------------------------------------------

    /** Refuses new requests, completes every queued callback and wait, stops the thread. Idempotent. */
    void close() {
        if (Thread.currentThread() == thread || RUNNING_CALLBACKS_OF.get() == this) {
            throw new IllegalStateException("close() of \"" + name + "\" from its own grace-period or callback thread");
        }
        closed = true;
        while (entering.get() != 0) { // callers that passed the check finish their request first
            Thread.onSpinWait();
        }
        LockSupport.unpark(thread);
        Threads.joinUninterruptibly(thread);
    }

    boolean isClosed() {
        return closed;
    }

    // ---- the driver thread -----------------------------------------------------------------------------

    private void run() {
        try {
            for (;;) {
                drainIntake();
                if (!undispatched.isEmpty()) {
                    if (!dispatchUndispatched()) {
                        LockSupport.parkNanos(this, 1_000_000L);
                        continue;
                    }
                }
                boolean work = requested.get() > completed || !nextBatch.isEmpty();
                if (!work) {
                    if (closed && entering.get() == 0 && intake.isEmpty()) {
                        break;
                    }
                    LockSupport.park(this);
                    continue;
                }
                gpLock.lock();
                try {
                    // A caller may have run the requested grace period while this thread waited for the lock.
                    if (requested.get() > completed || !nextBatch.isEmpty()) {
                        runOne(true);
                    }
                } finally {
                    gpLock.unlock();
                }
            }
        } finally {
            try {
                executor.close();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "closing the callback executor of \"" + name + "\" failed", e);
            }
            terminated = true;
            for (Waiter w : waiters) {
                LockSupport.unpark(w.thread);
            }
        }
    }

    /**
     * Runs one grace period; the caller holds {@code gpLock}. Only the driver thread takes the callback
     * batch ({@code driverThread}): the batch and its dispatch are the driver's alone.
     */
    private void runOne(boolean driverThread) {
        long seq = completed + 1;
        ArrayList<Runnable> batch = null;
        if (driverThread) {
            batch = nextBatch;
            nextBatch = new ArrayList<>();
        }
        started = seq;
        // Orders the store of `started` before every observation of this grace period; pairs with the
        // fence in cookie() (a caller that read the old `started` has its unlink seen by the scan).
        java.lang.invoke.VarHandle.fullFence();
        long t0 = clock.nanoTime();
        for (;;) {
            try {
                flavor.await(seq, control);
                break;
            } catch (Throwable e) { // an OutOfMemoryError while sampling, say: never complete on failure
                gpFailures++;
                LOG.log(Level.ERROR, "grace period " + seq + " of \"" + name + "\" failed; retrying", e);
                LockSupport.parkNanos(this, 10_000_000L);
            }
        }
        long elapsed = clock.nanoTime() - t0;
        latency.record(elapsed);
        if (control.expedited(seq)) {
            expeditedCompleted++;
        }
        completed = seq;
        for (Waiter w : waiters) {
            if (w.cookie <= seq) {
                LockSupport.unpark(w.thread);
            }
        }
        if (batch != null && !batch.isEmpty()) {
            undispatched.add(batchTask(batch));
            dispatchUndispatched();
        }
    }

    private void drainIntake() {
        Object o;
        while ((o = intake.poll()) != null) {
            if (o instanceof BarrierMarker m) {
                // Entrain behind every callback queued before the barrier.
                if (!nextBatch.isEmpty()) {
                    nextBatch.add(m);
                } else if (!undispatched.isEmpty()) {
                    undispatched.add(m);
                } else {
                    undispatched.add(m);
                    dispatchUndispatched();
                }
            } else {
                nextBatch.add((Runnable) o);
            }
        }
    }

    /** Submits refused batches in order; false if the executor still refuses. */
    private boolean dispatchUndispatched() {
        while (!undispatched.isEmpty()) {
            Runnable r = undispatched.get(0);
            try {
                executor.execute(r);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "callback executor of \"" + name + "\" refused a batch; retrying", e);
                return false;
            }
            undispatched.remove(0);
        }
        return true;
    }

    private Runnable batchTask(List<Runnable> batch) {
        return () -> {
            RUNNING_CALLBACKS_OF.set(this);
            try {
                for (Runnable r : batch) {
                    try {
                        r.run();
                        if (!(r instanceof BarrierMarker)) {
                            callbacksInvoked.increment();
                        }
                    } catch (Throwable e) {
                        callbacksInvoked.increment();
                        callbacksFailed.increment();
                        LOG.log(Level.WARNING, "RCU callback of \"" + name + "\" threw", e);
                    }
                }
            } finally {
                RUNNING_CALLBACKS_OF.remove();
            }
        };
    }

    // ---- stats ----------------------------------------------------------------------------------------------

    long completed() {
        return completed;
    }

    long started() {
        return started;
    }

    long expeditedCompleted() {
        return expeditedCompleted;
    }

    long gpFailures() {
        return gpFailures;
    }

    long callbacksQueued() {
        return callbacksQueued.sum();
    }

    long callbacksInvoked() {
        return callbacksInvoked.sum();
    }

    long callbacksFailed() {
        return callbacksFailed.sum();
    }

    static boolean inCallback() {
        return RUNNING_CALLBACKS_OF.get() != null;
    }

    private static final class Waiter {
        final Thread thread;
        final long cookie;

        Waiter(Thread thread, long cookie) {
            this.thread = thread;
            this.cookie = cookie;
        }
    }

    /** A barrier entrained in the callback stream; runs in order and releases its caller. */
    private static final class BarrierMarker implements Runnable {
        private final CountDownLatch done;

        BarrierMarker(CountDownLatch done) {
            this.done = done;
        }

        @Override
        public void run() {
            done.countDown();
        }
    }
}
