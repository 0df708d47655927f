package dev.quiesce.torture;

import java.util.concurrent.locks.LockSupport;

/** The end of the run, seen by every torture thread: a volatile flag, and pauses that end early when it is set. */
final class StopSignal {
    private static final long MAX_PARK_NANOS = 10_000_000L;

    private volatile boolean stopped;

    void stop() {
        stopped = true;
    }

    boolean isSet() {
        return stopped;
    }

    /**
     * Parks for {@code nanos}, waking at least every 10 ms to notice the stop. Returns false if the run has
     * stopped (at once or during the pause).
     */
    boolean pause(long nanos) {
        long end = System.nanoTime() + nanos;
        while (!stopped) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            LockSupport.parkNanos(this, Math.min(left, MAX_PARK_NANOS));
        }
        return false;
    }
}
