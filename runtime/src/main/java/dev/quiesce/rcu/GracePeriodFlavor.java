package dev.quiesce.rcu;

/** How one kind of grace period waits for its readers; run by a {@link GracePeriodDriver}. */
interface GracePeriodFlavor {
    /**
     * Waits until every reader that might hold a reference unlinked before {@code seq} was started has
     * finished. Runs under the driver's grace-period lock, on the driver's thread or a waiting caller's. Throwing leaves the grace period incomplete: the driver
     * runs it again.
     */
    void await(long seq, GracePeriodDriver.Control control);

    /** Throws {@link IllegalStateException} if the calling thread must not wait for this flavor now. */
    default void checkMayWait() {}

    /** The phase the flavor is in, for stats and stall reports. */
    String phase();
}
