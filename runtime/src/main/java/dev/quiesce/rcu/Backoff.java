package dev.quiesce.rcu;

import java.util.concurrent.locks.LockSupport;

/**
 * How a grace period waits between rechecks: two yields (unless told not to), then sleeps of 10 us doubling
 * to a cap, never past the next stall-report deadline.
 */
final class Backoff {
    private Backoff() {}

    /**
     * Pauses before recheck {@code round} (0-based).
     *
     * @param mayYield false when yields would wait long: with more runnable threads than CPUs, a yield
     *        queues behind all of them
     * @param capNanos the longest sleep
     * @param untilStallNanos time left until the next stall line is due
     */
    static void pause(Object blocker, int round, boolean mayYield, long capNanos, long untilStallNanos) {
        if (mayYield && round < 2) {
            Thread.yield();
            return;
        }
        long nanos = Math.min(capNanos, 10_000L << Math.min(Math.max(round - 2, 0), 20));
        LockSupport.parkNanos(blocker, Math.max(1_000L, Math.min(nanos, untilStallNanos)));
    }

}
