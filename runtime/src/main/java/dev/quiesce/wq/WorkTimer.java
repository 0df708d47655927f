package dev.quiesce.wq;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The timer of every {@link DelayedWork}: one daemon thread for the process, started with the first
 * workqueue (a failure to start it fails that build, before anything is accepted).
 *
 * <p>The same thread is the lockup watchdog: every quarter of the smallest watchdog threshold (at most once a
 * second, at least every 10 ms) it asks each open queue to check its pools ({@link Workqueue#watchdog}).
 *
 * <p>A due item is pushed to its workqueue's pool while this class's lock is held, so an item is always either
 * in the timer or in a pool: {@link Work#cancel()} never finds it in between. Waking a worker for it happens
 * after the lock is let go, and creating one on {@link WorkerCreationThread}: a thread factory that blocks must
 * block neither the callers of this class nor this thread.
 * Lock order: this lock, then a pool's.
 */
final class WorkTimer implements Runnable {
    private static final Object LOCK = new Object();
    /** Guarded by LOCK. */
    private static final PriorityQueue<DelayedWork> HEAP = new PriorityQueue<>((a, b) -> a.deadline != b.deadline
            ? Long.compare(a.deadline - b.deadline, 0) : Long.compare(a.timerSeq, b.timerSeq));
    private static long seq;
    private static Thread thread;
    /** Guarded by LOCK: when the watchdog runs next. */
    private static long nextTick = System.nanoTime();

    private WorkTimer() {}

    /** Starts the timer thread if it is not running. */
    static void ensureStarted() {
        synchronized (LOCK) {
            if (thread != null) {
                return;
            }
            Thread t = new Thread(new WorkTimer(), "quiesce-wq-timer");
            t.setDaemon(true);
            try {
                t.start();
            } catch (Throwable e) {
                throw new IllegalStateException("cannot start the workqueue timer thread", e);
            }
            thread = t;
        }
    }

    /** Arms {@code w}'s timer; returns the arming's sequence number, which names it. */
    static long add(DelayedWork w, Workqueue q, int shard, long delayNanos) {
        synchronized (LOCK) {
            w.inTimer = true;
            w.firedTo = null;
            w.timerQueue = q;
            w.timerShard = shard;
            w.deadline = System.nanoTime() + delayNanos;
            w.timerSeq = ++seq;
            HEAP.add(w);
            if (HEAP.peek() == w) {
                LOCK.notifyAll();
            }
            return w.timerSeq;
        }
    }

    /**
     * A queueDelayed that saw its queue closed takes back its own arming, {@code timerSeq}: from the timer if it
     * is still there, else, once fired, from the pool it was pushed to if no worker started it yet. Returns false
     * if that queueing was started or cancelled already (or a later arming replaced it after either).
     */
    static boolean takeBack(DelayedWork w, long timerSeq, long accepted) {
        synchronized (LOCK) {
            if (w.inTimer && w.timerSeq == timerSeq) {
                disarmLocked(w);
                return true;
            }
            if (w.timerSeq != timerSeq || w.firedTo == null) {
                return false; // cancelled in the timer, then armed again by another queueing
            }
            return w.firedTo.takeBack(w, accepted); // lock order: the timer's lock, then a pool's
        }
    }

    /** Stops {@code w}'s timer if it runs; the item is then no longer pending. */
    static boolean cancel(DelayedWork w) {
        synchronized (LOCK) {
            if (!w.inTimer) {
                return false;
            }
            disarmLocked(w);
            return true;
        }
    }

    /**
     * Takes {@code w}, which is in the timer, out of it and ends its queueing as cancelled: clears PENDING (the
     * timer's queueing is the pending one, and nobody else clears it) and wakes the flushers that may count it.
     */
    private static void disarmLocked(DelayedWork w) {
        HEAP.remove(w);
        w.inTimer = false;
        Workqueue q = w.timerQueue;
        w.timerQueue = null;
        w.clearPending(Work.acceptedCount(w.stateVolatile()));
        q.signalFinished();
    }

    /** Queues {@code w} now if its timer runs. */
    static boolean fireNow(DelayedWork w) {
        WorkerPool kick;
        synchronized (LOCK) {
            if (!w.inTimer) {
                return false;
            }
            HEAP.remove(w);
            kick = fireLocked(w);
        }
        if (kick != null) {
            kick.kick(); // on the caller's thread (a flush), which may call the factory, as a queue() would
        }
        return true;
    }

    /** Queues every timer item of {@code q} now (its close must run them). */
    static void fireAllNow(Workqueue q) {
        List<WorkerPool> kicks = new ArrayList<>();
        synchronized (LOCK) {
            List<DelayedWork> mine = new ArrayList<>();
            for (DelayedWork w : HEAP) {
                if (w.timerQueue == q) {
                    mine.add(w);
                }
            }
            for (DelayedWork w : mine) {
                HEAP.remove(w);
                WorkerPool kick = fireLocked(w);
                if (kick != null) {
                    kicks.add(kick);
                }
            }
        }
        kickAll(kicks);
    }

    /** Pushes {@code w} to its pool; returns the pool to kick once the lock is let go, or null. */
    private static WorkerPool fireLocked(DelayedWork w) {
        w.inTimer = false;
        w.firedTo = null; // set again by the push below
        Workqueue q = w.timerQueue;
        w.timerQueue = null;
        return q.enqueueFromTimer(w, w.timerShard);
    }

    /**
     * Outside the lock: wakes a worker for each pool a fired item was pushed to, and leaves the workers missing to
     * {@link WorkerCreationThread}: this thread fires every queue's delayed items and runs the watchdog, and must
     * never wait in a thread factory. Never throws.
     */
    private static void kickAll(List<WorkerPool> kicks) {
        for (WorkerPool p : kicks) {
            try {
                if (p.kickWithoutCreating()) {
                    WorkerCreationThread.create(p);
                }
            } catch (Throwable e) { // nothing here may lose the others
                WorkerPool.log(System.Logger.Level.ERROR, "workqueue timer: waking a worker of " + p.poolName()
                        + " failed", e);
            }
        }
        kicks.clear();
    }

    /** A queue was built: let the watchdog adopt its threshold now rather than at the next tick. */
    static void watchdogNow() {
        synchronized (LOCK) {
            nextTick = System.nanoTime();
            LOCK.notifyAll();
        }
    }

    @Override
    public void run() {
        List<WorkerPool> kicks = new ArrayList<>();
        for (;;) {
            long now;
            boolean watchdogDue = false;
            synchronized (LOCK) {
                for (;;) {
                    DelayedWork w = HEAP.peek();
                    now = System.nanoTime();
                    if (w != null && w.deadline - now <= 0) {
                        HEAP.poll();
                        try {
                            WorkerPool kick = fireLocked(w);
                            if (kick != null) {
                                kicks.add(kick);
                            }
                        } catch (Throwable e) { // never lose the timer thread; enqueue itself does not throw
                            WorkerPool.log(System.Logger.Level.ERROR, "workqueue timer: queueing " + w.name()
                                    + " failed", e);
                        }
                        continue;
                    }
                    if (!kicks.isEmpty()) {
                        // Wake the fired items' workers outside the lock, then come back; a steady stream of due
                        // items must not put off the watchdog, so it runs after the kicks when it is due.
                        watchdogDue = now - nextTick >= 0;
                        break;
                    }
                    if (now - nextTick >= 0) {
                        watchdogDue = true;
                        break;
                    }
                    long until = w == null ? nextTick - now : Math.min(nextTick - now, w.deadline - now);
                    try {
                        LOCK.wait(Math.max(1, (until + 999_999L) / 1_000_000L));
                    } catch (InterruptedException e) {
                        // not stopped by interrupts: it serves every queue of the process
                    }
                }
            }
            if (!kicks.isEmpty()) {
                kickAll(kicks);
            }
            if (!watchdogDue) {
                continue;
            }
            // The watchdog runs outside the timer's lock: its dump takes every pool's lock and walks stacks.
            long tick = 1_000_000_000L;
            for (Workqueue q : Workqueues.open()) {
                tick = Math.min(tick, Math.max(10_000_000L, q.watchdogNanos / 4));
                try {
                    q.watchdog(now);
                } catch (RuntimeException e) {
                    WorkerPool.log(System.Logger.Level.ERROR, "workqueue watchdog failed on " + q.name(), e);
                }
            }
            synchronized (LOCK) {
                if (nextTick - now <= 0) { // unless a new queue asked for an earlier pass meanwhile
                    nextTick = now + tick;
                }
            }
        }
    }
}
