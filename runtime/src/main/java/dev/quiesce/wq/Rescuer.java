package dev.quiesce.wq;

import java.util.concurrent.locks.LockSupport;

/**
 * The rescuer of a {@code memReclaim} queue (the kernel's WQ_MEM_RECLAIM rescuer): a thread started with the
 * queue, which runs the queue's pending items one at a time whenever a pool cannot start them, because a worker
 * could not be created (a mayday) or because items waited longer than {@code maydayAfter} with no worker free
 * to start them (creation hangs, or every worker is blocked and no spare exists).
 *
 * <p>It is started with a plain {@code new Thread}, not the queue's factory: it is the queue's insurance
 * against that factory failing. It steps back as soon as a pool has an idle worker again. Its rescue path
 * allocates nothing: monitors, intrusive lists, preallocated per-pool timestamps, {@code LockSupport.park}.
 * Between rescues it asks its {@link CreationRetrier} to retry worker creation for the stuck pool, at most
 * every {@link #RETRY_NANOS}; it never calls the factory itself, which may block for good.
 *
 * <p>Field legend: {@code R:} the rescuer thread only; {@code V:} volatile, any thread.
 */
final class Rescuer implements Runnable {
    static final long RETRY_NANOS = 20_000_000L;
    private static final long IDLE_PARK_NANOS = 1_000_000_000L;

    private final Workqueue wq;
    private final Worker worker;
    private final Thread thread;
    private final CreationRetrier retrier;
    /** R: when each pool was first seen needing rescue (0: not seen). */
    private final long[] needSince;
    /** R: last creation retry per pool. */
    private final long[] lastRetry;
    /** V: */
    private volatile boolean stop;
    /** V: set by a mayday, cleared by the rescuer when it looks. */
    private volatile boolean mayday;
    private volatile long rescues;
    private volatile String state = "idle";

    private Rescuer(Workqueue wq, CreationRetrier retrier) {
        this.wq = wq;
        this.retrier = retrier;
        this.worker = new Worker(wq.pools()[0], true);
        this.needSince = new long[wq.pools().length];
        this.lastRetry = new long[wq.pools().length];
        Thread t = new Thread(this, "quiesce-wq-rescuer-" + wq.name);
        t.setDaemon(true);
        this.thread = t;
        worker.thread = t;
    }

    /** Starts the rescuer and its creation retrier; throws if either thread cannot start. */
    static Rescuer start(Workqueue wq) {
        CreationRetrier retrier = CreationRetrier.start(wq);
        Rescuer r;
        try {
            r = new Rescuer(wq, retrier);
            r.thread.start();
        } catch (Throwable e) {
            retrier.stop();
            throw new IllegalStateException("cannot start the rescuer of memReclaim workqueue \"" + wq.name + "\"", e);
        }
        return r;
    }

    /** A pool could not create a worker: look now. */
    void mayday(WorkerPool p) {
        mayday = true;
        LockSupport.unpark(thread);
    }

    /** Stops the rescuer and waits for it (it runs items, which end); stops the retrier without waiting. */
    void stop() {
        retrier.stop();
        stop = true;
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        worker.bindToCurrentThread();
        WorkerPool[] pools = wq.pools();
        while (!stop) {
            boolean calledNow = mayday;
            mayday = false;
            boolean anyQueued = false;
            long now = System.nanoTime();
            for (int i = 0; i < pools.length; i++) {
                WorkerPool p = pools[i];
                anyQueued |= p.pendingHintOpaque() > 0;
                if (!p.needsRescue()) {
                    needSince[i] = 0;
                    continue;
                }
                if (needSince[i] == 0) {
                    needSince[i] = now;
                }
                if (!calledNow && now - needSince[i] < wq.maydayAfterNanos) {
                    continue;
                }
                state = "rescuing";
                long before = rescues;
                while (!stop && p.needsRescue() && p.rescueOne(worker)) {
                    rescues++;
                    long t = System.nanoTime();
                    if (t - lastRetry[i] >= RETRY_NANOS) {
                        lastRetry[i] = t;
                        retrier.request(i); // on another thread: this one steps back once a worker exists
                    }
                }
                needSince[i] = 0;
                state = "idle";
                if (rescues > before && Jfr.recording()) { // allocates, but only while a recording runs
                    WorkqueueRescueEvent e = new WorkqueueRescueEvent();
                    e.queue = wq.name;
                    e.pool = p.poolName();
                    e.items = rescues - before;
                    e.commit();
                }
            }
            // Poll while items are queued (a hung creation sends no mayday); otherwise wait for one.
            LockSupport.parkNanos(this, anyQueued ? Math.max(100_000L, wq.maydayAfterNanos / 2) : IDLE_PARK_NANOS);
        }
        state = "stopped";
    }

    long rescues() {
        return rescues;
    }

    String describe() {
        return "rescuer " + thread.getName() + ": " + state + ", rescued " + rescues + " items, thread "
                + thread.getState() + "; " + retrier.describe();
    }
}
