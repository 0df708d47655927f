package dev.quiesce.torture;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread creation that fails on command, as the JVM does when it cannot start a native thread. The run makes
 * it fail for the first {@link #PHASE_NANOS}, then alternately works and fails, phase by phase.
 */
final class CreationFaults {
    static final long PHASE_NANOS = 3_000_000_000L;
    private static final AtomicInteger MADE = new AtomicInteger();
    /** Written by the run's main thread, read by the factory. */
    private static volatile boolean failing = true;

    static final ThreadFactory FACTORY = r -> {
        if (failing) {
            throw new OutOfMemoryError("unable to create native thread: possibly out of memory or process/resource "
                    + "limits reached (injected by the torture test)");
        }
        Thread t = new Thread(r, "torture-cb-worker-" + MADE.incrementAndGet());
        t.setDaemon(true);
        return t;
    };

    private CreationFaults() {}

    /** The phase at {@code elapsedNanos} into the run: failing in even phases. */
    static void phase(long elapsedNanos) {
        failing = (elapsedNanos / PHASE_NANOS) % 2 == 0;
    }

    static boolean failing() {
        return failing;
    }
}
