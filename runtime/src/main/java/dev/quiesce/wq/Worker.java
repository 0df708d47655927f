package dev.quiesce.wq;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One worker thread of a {@link WorkerPool}, or the rescuer of a queue (which runs items through the same
 * bookkeeping).
 *
 * <p>A worker takes a batch of pending queueings from its pool under one hold of the pool's lock, then claims and
 * runs them one by one without the lock ({@link WorkerPool#runBatch}). While it is blocked in one of them, an
 * idle worker or the rescuer copies the entries it has not reached and claims them too: the claim is a CAS on
 * the item's state word, so two claimers of one entry run it once.
 *
 * <p>Field legend: {@code I:} set before the thread starts; {@code L:} guarded by the pool's lock (the
 * rescuer's: by the lock of the pool whose item it runs); {@code O:} written by this worker's thread (opaque),
 * read by the pool's lock holder.
 */
final class Worker implements Runnable {
    private static final ThreadLocal<Worker> CURRENT = new ThreadLocal<>();
    /** Tests only: when set, making a new batch array fails as if the heap were exhausted. */
    static volatile boolean batchAllocationFailsForTest;
    /** The most queueings one worker takes from its pool's worklist at once. */
    static final int BATCH = 64;

    /** I: */
    final WorkerPool pool;
    /** I: set by the pool right after the thread factory made the thread. */
    Thread thread;
    /** I: */
    final boolean rescuer;
    /**
     * O: the batch index of the item this worker runs now, or -1. An index, not the item: storing a young item's
     * reference into this long-lived object costs a fence in G1's write barrier (docs/workqueue.md, "Costs per
     * item"), twice per item.
     */
    @SuppressWarnings("unused") // through CURRENT_INDEX
    private int current = -1;
    /**
     * L: the batch: each entry an item and the state its queueing had when it was taken ({@link Work#claim}).
     * Written by the lock holder that fills this worker's batch (this worker, as it takes one); read by this
     * worker without the lock, and by the lock holders that copy its unclaimed entries. The array itself is
     * replaced by a new one as the batch ends ({@link #clearBatch}), under the lock, never while the worker is
     * busy: a young array takes the items' references without G1's barrier fence, which an old one pays per entry.
     * The rescuer keeps its array (its path allocates nothing).
     */
    Work[] batch = new Work[BATCH];
    final long[] batchStates = new long[BATCH];
    /** L: how many entries {@link #startBatch} filled (a copier may lower {@link #limit} below it). */
    private int filled;
    /** O: the index of the next entry this worker claims (so also how many it reached: the watchdog's progress). */
    @SuppressWarnings("unused") // through NEXT
    private int next;
    /** L, read opaque by this worker: the end of its batch; a lock holder that copies the rest lowers it. */
    @SuppressWarnings("unused") // through LIMIT
    private int limit;
    /** L: links of the pool's busy list. */
    Worker prevBusy;
    Worker nextBusy;
    /** L: the next worker down the pool's stack of sleepers ({@link WorkerPool#sleepers}). */
    Worker nextSleeper;
    /** L: the thread that sleeps as this worker (set as it goes to sleep), for the waker's unpark. */
    Thread sleeperThread;
    /**
     * {@link #AWAKE}, {@link #SLEEPING} (on the pool's sleepers' stack; set under the pool's lock by this worker
     * as it goes on it) or {@link #PARKED} (still on it, and parking or parked: set and unset by this worker with
     * a CAS, outside the lock). A lock holder that takes it off the stack sets AWAKE ({@link #wake}); this worker
     * parks until it reads AWAKE or its timeout passes.
     */
    @SuppressWarnings("unused") // through SLEEP_STATE
    private int sleepState;
    static final int AWAKE = 0;
    static final int SLEEPING = 1;
    static final int PARKED = 2;

    Worker(WorkerPool pool, boolean rescuer) {
        this.pool = pool;
        this.rescuer = rescuer;
    }

    /** The worker (or rescuer) running on the calling thread, or null. */
    static Worker current() {
        return CURRENT.get();
    }

    /** Marks the calling thread as this worker's; the rescuer calls it once when it starts. */
    void bindToCurrentThread() {
        CURRENT.set(this);
    }

    /** Marks the calling thread as {@code w}'s, or as no worker's if null (a closing thread's stand-in ends). */
    static void bind(Worker w) {
        if (w == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(w);
        }
    }

    /** The item being run: exact on this worker's thread, a racy hint for others (dumps, snapshots). */
    Work currentItem() {
        int i = (int) CURRENT_INDEX.getOpaque(this);
        return i < 0 ? null : batch[i];
    }

    void setCurrent(int i) {
        CURRENT_INDEX.setOpaque(this, i);
    }

    /** Under the pool's lock: the batch is entries {@code [0, n)}. */
    void startBatch(int n) {
        filled = n;
        NEXT.setOpaque(this, 0);
        LIMIT.setOpaque(this, n);
    }

    /**
     * Under the pool's lock, once this worker left the busy list (nobody reads its batch any more): drops its
     * references to the batch's items, so that an idle worker keeps no item, nor what the item references (a
     * class loader, say), reachable.
     */
    void clearBatch() {
        // A fresh array rather than cleared entries: see `batch`. If there is no heap for it, the old one is
        // cleared and kept, which only costs the fences.
        if (rescuer || filled == 0) {
            java.util.Arrays.fill(batch, 0, filled, null);
        } else {
            try {
                if (Workqueue.TEST_HOOKS && batchAllocationFailsForTest) {
                    throw new OutOfMemoryError("injected: no heap for a batch array");
                }
                batch = new Work[BATCH];
            } catch (OutOfMemoryError e) {
                java.util.Arrays.fill(batch, 0, filled, null);
            }
        }
        filled = 0;
        NEXT.setOpaque(this, 0);
        LIMIT.setOpaque(this, 0);
    }

    int nextOpaque() {
        return (int) NEXT.getOpaque(this);
    }

    int limitOpaque() {
        return (int) LIMIT.getOpaque(this);
    }

    /** This worker: it claims entry {@code i} next (published first, so a copier starts after it). */
    void reach(int i) {
        NEXT.setOpaque(this, i + 1);
    }

    /** Whether this worker is still on its pool's sleepers' stack (nobody woke it yet). */
    boolean asleepVolatile() {
        return (int) SLEEP_STATE.getVolatile(this) != AWAKE;
    }

    /** Under the pool's lock: onto the sleepers' stack ({@code true}), or off it after a timeout. */
    void setAsleepVolatile(boolean on) {
        SLEEP_STATE.setVolatile(this, on ? SLEEPING : AWAKE);
    }

    /**
     * Under the pool's lock, by the lock holder that took this worker off the stack: marks it awake; returns
     * whether it must be unparked (it is parked, or about to park). One that has not announced its park yet
     * finds AWAKE and does not park, so it is not unparked either: an unpark it never consumed would stay on
     * its thread and cut short the first park of its next item.
     */
    boolean wake() {
        return (int) SLEEP_STATE.getAndSet(this, AWAKE) == PARKED;
    }

    /** This worker's thread, before it parks: false if it was woken meanwhile (then it must not park). */
    boolean announcePark() {
        return SLEEP_STATE.compareAndSet(this, SLEEPING, PARKED);
    }

    /**
     * This worker's thread, after its park returned: false if it was woken meanwhile (its waker unparks it, or
     * did: the park may have returned for that).
     */
    boolean withdrawPark() {
        return SLEEP_STATE.compareAndSet(this, PARKED, SLEEPING);
    }

    /** Under the pool's lock: the entries from {@code n} on were copied by another claimer; stop before them. */
    void cutBatch(int n) {
        LIMIT.setOpaque(this, n);
    }

    @Override
    public void run() {
        bindToCurrentThread();
        pool.workerLoop(this);
    }

    @Override
    public String toString() {
        Thread t = thread;
        return t == null ? "Worker[unstarted]" : "Worker[" + t.getName() + "]";
    }

    private static final VarHandle CURRENT_INDEX;
    private static final VarHandle NEXT;
    private static final VarHandle LIMIT;
    private static final VarHandle SLEEP_STATE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            CURRENT_INDEX = l.findVarHandle(Worker.class, "current", int.class);
            NEXT = l.findVarHandle(Worker.class, "next", int.class);
            LIMIT = l.findVarHandle(Worker.class, "limit", int.class);
            SLEEP_STATE = l.findVarHandle(Worker.class, "sleepState", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
