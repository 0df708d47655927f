package dev.quiesce.wq;

/**
 * A {@link Work} item that can also be queued after a delay ({@link Workqueue#queueDelayed}), the kernel's
 * {@code delayed_work}. While its timer runs it is pending: queueing it again, delayed or not, returns false.
 * {@link #cancel()} stops the timer; {@link #flush()} fires a running timer at once, then waits for the run.
 *
 * <p>Field legend: {@code T:} guarded by the {@link WorkTimer}'s lock.
 */
public class DelayedWork extends Work {
    /** T: */
    boolean inTimer;
    long deadline;
    long timerSeq;
    Workqueue timerQueue;
    int timerShard;
    /** T: the pool the timer pushed the item to when it fired {@link #timerSeq}'s arming. */
    WorkerPool firedTo;

    public DelayedWork(String name, Runnable fn) {
        super(name, fn);
    }

    protected DelayedWork(String name) {
        super(name);
    }

    @Override
    boolean cancelTimer() {
        return WorkTimer.cancel(this);
    }

    @Override
    boolean fireTimerNow() {
        return WorkTimer.fireNow(this);
    }
}
