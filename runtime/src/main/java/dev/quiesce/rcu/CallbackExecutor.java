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
     * A dedicated daemon thread with its own queue, started at once so that a failure to create it is seen
     * when the domain is built, not when a callback is due.
     */
    static CallbackExecutor dedicated(String name) {
        return new DedicatedCallbackThread(name);
    }
}
