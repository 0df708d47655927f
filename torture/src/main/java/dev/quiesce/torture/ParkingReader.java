package dev.quiesce.torture;

import java.util.concurrent.locks.LockSupport;

/**
 * A reader that parks between sections and reports nothing: grace periods clear it by its thread state
 * (TIMED_WAITING), or by a sample when they catch it running between a wake-up and its next section.
 */
final class ParkingReader implements Runnable {
    private static final long PARK_NANOS = 20_000;

    private final ReaderEnvironment env;

    ParkingReader(ReaderEnvironment env) {
        this.env = env;
    }

    @Override
    public void run() {
        ReadSection section = new ReadSection(env, ReaderMix.Kind.PARKING);
        StopSignal stop = env.stop();
        while (!stop.isSet()) {
            section.run();
            LockSupport.parkNanos(this, PARK_NANOS);
        }
        section.flush();
    }
}
