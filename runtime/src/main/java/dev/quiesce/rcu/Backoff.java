package dev.quiesce.rcu;

import java.util.concurrent.locks.LockSupport;

/**
 * How a grace period waits between rechecks: two yields, then sleeps of 10 us doubling to a cap, never
 * past the next stall-report deadline.
 */
final class Backoff {
    private Backoff() {}

    /**
     * Pauses before recheck {@code round} (0-based).
     *
     * @param capNanos the longest sleep
     * @param untilStallNanos time left until the next stall line is due
     */
    static void pause(Object blocker, int round, long capNanos, long untilStallNanos) {
        if (round < 2) {
            Thread.yield();
            return;
        }
        long nanos = Math.min(capNanos, 10_000L << Math.min(round - 2, 20));
        LockSupport.parkNanos(blocker, Math.max(1_000L, Math.min(nanos, untilStallNanos)));
    }

}
