package dev.quiesce.torture;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Long read sections on request: the main loop arms the injector every second, and the first reader to claim
 * it holds its section for {@link #MIN_MILLIS} to {@link #MAX_MILLIS} ms (spinning where the flavor forbids
 * blocking in a section, sleeping where it allows it). The grace periods must wait for that reader, and
 * nothing it holds may be freed meanwhile.
 */
final class StallInjector {
    static final int MIN_MILLIS = 100;
    static final int MAX_MILLIS = 300;

    private final AtomicBoolean armed = new AtomicBoolean();

    void arm() {
        armed.set(true);
    }

    /** True for exactly one caller per arm(). The plain read first keeps readers off the CAS. */
    boolean claim() {
        return armed.get() && armed.compareAndSet(true, false);
    }

    /** True between arm() and the claim(). */
    boolean armed() {
        return armed.get();
    }

    /** How long a claimed stall lasts, from a random number. */
    static long durationNanos(long random) {
        return (MIN_MILLIS + Math.floorMod(random, MAX_MILLIS - MIN_MILLIS + 1)) * 1_000_000L;
    }
}
