package dev.quiesce.wq;

/**
 * One worker thread of a {@link WorkerPool}, or the rescuer of a queue (which runs items through the same
 * bookkeeping).
 *
 * <p>Field legend: {@code I:} set before the thread starts; {@code L:} guarded by the pool's lock (the
 * rescuer's: by the lock of the pool whose item it runs).
 */
final class Worker implements Runnable {
    private static final ThreadLocal<Worker> CURRENT = new ThreadLocal<>();

    /** I: */
    final WorkerPool pool;
    /** I: set by the pool right after the thread factory made the thread. */
    Thread thread;
    /** I: */
    final boolean rescuer;
    /** L: the item this worker runs now, or null. */
    private Work current;
    /** L: links of the pool's busy list. */
    Worker prevBusy;
    Worker nextBusy;

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

    Work currentItem() {
        return current;
    }

    void setCurrent(Work w) {
        current = w;
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
}
