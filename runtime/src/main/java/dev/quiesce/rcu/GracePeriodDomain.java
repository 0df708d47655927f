package dev.quiesce.rcu;

/**
 * What every grace-period domain offers, whatever its readers look like: {@link TasksRcu} (readers that
 * never block and mark nothing) and {@link TasksTraceRcu} (sleepable, counted read sections). Code that only
 * waits for grace periods or queues callbacks can be written once against this interface.
 */
public interface GracePeriodDomain extends AutoCloseable {
    String name();

    /** Waits for every read section begun before this call. Uninterruptible. */
    void synchronize();

    /** {@link #synchronize()}, waiting more eagerly. */
    void synchronizeExpedited();

    /** Runs {@code callback} after a grace period that starts after this call; refused after close. */
    void call(Runnable callback);

    /** Waits until every callback queued before this call has run. */
    void barrier();

    /** A cookie for the first grace period that starts after this call, and a request that it runs. */
    long pollCookie();

    /** True once the cookie's grace period has ended. */
    boolean pollDone(long cookie);

    /** Returns at once if the cookie's grace period has ended, else waits for it. */
    void synchronizeIfNeeded(long cookie);

    boolean isClosed();

    /** Runs every accepted callback, then stops the domain's threads. */
    @Override
    void close();
}
