package dev.quiesce.wq;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * A reusable work item (the kernel's {@code work_struct}). Queue it with {@link Workqueue#queue(Work)}: while
 * it is pending, queueing it again returns false and changes nothing. It is never run concurrently with
 * itself: queued again while it runs, it runs once more after the current run, on the same pool.
 *
 * <p>Every accepted queueing ends in exactly one run or one successful {@link #cancel()}.
 *
 * <p>Field legend: {@code P:} the pending bit, set by the one queuer whose CAS wins and cleared, under the
 * pool's lock, by the worker that starts the item or by a cancel; {@code L:} guarded by the lock of the pool
 * the item is pending in or running on (volatile where other threads read it without that lock).
 */
public class Work {
    private final String name;
    private final Runnable fn;

    /** P: 1 while queued and not yet started. */
    @SuppressWarnings("unused") // through PENDING
    private volatile int pending;
    /** L: the pool the item is pending in or running on; null when idle. */
    volatile WorkerPool pool;
    /** L: the worker running the item, or null. */
    Worker runner;
    /** L: links of the pool's worklist while the item is in it, and that list (null when it is not). */
    Work prev;
    Work next;
    WorkList list;
    /**
     * Accepted queueings: written by the pending bit's winner (a release store, before its push), read by
     * flushers (volatile). A flusher waits for the queueings that happened before its flush, whose stores it
     * sees through that happens-before edge; it need not see a racing one.
     */
    @SuppressWarnings("unused") // through ACCEPTED
    private volatile long accepted;
    /** L: runs or cancels of accepted queueings, written under the pool's lock; read by flushers. */
    volatile long finished;
    /**
     * The pool whose intake the item was last pushed to; written by the pending bit's winner before its push
     * (a racy reader may see an older value: {@link #cancel()} then treats the item as not yet queued).
     */
    WorkerPool submittedTo;
    /** Link of a pool's intake stack; written by the pusher before its CAS, then by the lock holder. */
    Work nextIntake;
    /** The queue the item was last queued on: written before {@link #accepted}, read after it. */
    Workqueue queue;

    /** An item that runs {@code fn}. */
    public Work(String name, Runnable fn) {
        this.name = checkName(name);
        this.fn = Objects.requireNonNull(fn, "fn");
    }

    /** For subclasses that override {@link #run()}. */
    protected Work(String name) {
        this.name = checkName(name);
        this.fn = null;
    }

    private static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("work item name must not be blank");
        }
        return name;
    }

    /** The item's body. Exceptions are logged and counted by the queue; the item stays usable. */
    protected void run() {
        if (fn == null) {
            throw new IllegalStateException("work item \"" + name + "\" has no function and does not override run()");
        }
        fn.run();
    }

    public final String name() {
        return name;
    }

    /** True while queued and not yet started. */
    public final boolean isPending() {
        return (int) PENDING.getVolatile(this) != 0;
    }

    /** True while a worker runs this item. */
    public final boolean isRunning() {
        WorkerPool p = pool;
        if (p == null) {
            return false;
        }
        synchronized (p) {
            return runner != null;
        }
    }

    /**
     * Waits until the last queueing of this item, if any, has run (or been cancelled). Returns false at once if
     * there was nothing to wait for. A delayed item whose timer runs is queued at once, then waited for.
     *
     * @throws IllegalStateException when called from this item's own run (it would wait for itself)
     */
    public final boolean flush() {
        boolean fired = fireTimerNow();
        long target = acceptedVolatile();
        if (finished >= target) {
            return fired; // a fired timer's run may be over already
        }
        Worker self = Worker.current();
        if (self != null && self.currentItem() == this) {
            throw new IllegalStateException("work item \"" + name + "\" flushed from its own run: it would wait for"
                    + " itself");
        }
        Workqueue q = queue;
        q.awaitFinished(this, target);
        return true;
    }

    /**
     * Removes the item if it is pending; returns whether it was. A running item keeps running; see
     * {@link #cancelSync()}.
     */
    public final boolean cancel() {
        if (cancelTimer()) {
            return true;
        }
        for (;;) {
            if (!isPending()) {
                return false;
            }
            WorkerPool p = pool;
            if (p == null) {
                p = submittedTo; // in a pool's intake, not yet in its lists
            }
            if (p == null) {
                return false; // between a queue()'s CAS and its push: that queue() has not returned yet
            }
            if (p.cancel(this)) {
                return true;
            }
            if (!isPending() || (pool == p || (pool == null && submittedTo == p))) {
                return false; // it started, or a concurrent queue() has not pushed it yet
            }
            // it moved (re-queued elsewhere after a run): try again
        }
    }

    /**
     * Cancels the item if pending and waits until it is not running. Returns whether a pending queueing was
     * cancelled.
     *
     * @throws IllegalStateException when called from this item's own run
     */
    public final boolean cancelSync() {
        boolean cancelled = cancel();
        Worker self = Worker.current();
        if (self != null && self.currentItem() == this) {
            throw new IllegalStateException("work item \"" + name + "\" cancelSync() from its own run: it would wait"
                    + " for itself");
        }
        long target = acceptedVolatile();
        if (finished < target) {
            queue.awaitFinished(this, target);
        }
        return cancelled;
    }

    /** Stops a delayed item's timer; plain items have none. */
    boolean cancelTimer() {
        return false;
    }

    /** Queues a delayed item whose timer runs, now; returns whether it did. Plain items have no timer. */
    boolean fireTimerNow() {
        return false;
    }

    final long acceptedVolatile() {
        return (long) ACCEPTED.getVolatile(this);
    }

    /**
     * For the pending bit's winner: the previous winner's store happened before (its push, the lock holder's
     * take of it, the clear of the pending bit, this winner's CAS of it).
     */
    final long acceptedPlain() {
        return (long) ACCEPTED.get(this);
    }

    /** A release store: the pending bit's winner, before its push (whose CAS is a full fence anyway). */
    final void setAcceptedRelease(long n) {
        ACCEPTED.setRelease(this, n);
    }

    /** P: wins the right to queue this item. */
    final boolean trySetPending() {
        return PENDING.compareAndSet(this, 0, 1);
    }

    /**
     * P: under the pool's lock, before the run. The fence orders the clear before the run's loads: a queuer
     * that still saw the bit set (and fenced, see {@link #lostPendingRace()}) has its writes seen by the run.
     */
    final void clearPending() {
        PENDING.setRelease(this, 0);
        VarHandle.fullFence();
    }

    /** A queuer found the item pending: its writes must be visible to the coming run (docs/memory-ordering.md). */
    static boolean lostPendingRace() {
        VarHandle.fullFence();
        return false;
    }

    @Override
    public String toString() {
        return "Work[" + name + "]";
    }

    private static final VarHandle PENDING;
    private static final VarHandle ACCEPTED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            PENDING = l.findVarHandle(Work.class, "pending", int.class);
            ACCEPTED = l.findVarHandle(Work.class, "accepted", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
