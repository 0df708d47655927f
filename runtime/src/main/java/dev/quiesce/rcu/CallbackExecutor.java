package dev.quiesce.rcu;

/**
 * Where a domain invokes its callbacks once their grace period has ended.
 *
 * <p>Contract: batches run in the order they were submitted, one at a time, never on the grace-period
 * thread, and never behind work that itself waits for grace periods (the starvation of seed 000).
 * {@link #execute} must accept every batch or throw; the domain keeps a refused batch and submits it
 * again. {@link #close} runs what was accepted, then stops.
 */
public interface CallbackExecutor extends AutoCloseable {
    void execute(Runnable batch);

    /** Runs every accepted batch, then releases the executor's threads; idempotent. */
    @Override
    void close();

    /**
     * An ordered {@code memReclaim} {@link dev.quiesce.wq.Workqueue} of its own: batches run in order, and
     * its rescuer, started at once, runs them even when no worker thread can be created.
     */
    static CallbackExecutor reclaimQueue(String name) {
        return new ReclaimQueueExecutor(name);
    }

    /** {@link #reclaimQueue(String)} whose workers come from {@code workers} (its rescuer never does). */
    static CallbackExecutor reclaimQueue(String name, java.util.concurrent.ThreadFactory workers) {
        return new ReclaimQueueExecutor(name, java.util.Objects.requireNonNull(workers, "workers"));
    }
}
