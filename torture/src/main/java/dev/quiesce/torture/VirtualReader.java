package dev.quiesce.torture;

import java.util.concurrent.locks.LockSupport;

/**
 * A reader on a virtual thread (JDK 21+). Its carrier is what a tasks grace period sees, and without the
 * agent's mount hooks a sample of a busy carrier proves nothing, so the carrier must go idle: between bursts
 * of sections the reader parks, and now and then it yields its carrier to another virtual thread instead.
 */
final class VirtualReader implements Runnable {
    private static final int SECTIONS_PER_BURST = 32;
    private static final long PARK_NANOS = 100_000;

    private final ReaderEnvironment env;

    VirtualReader(ReaderEnvironment env) {
        this.env = env;
    }

    @Override
    public void run() {
        ReadSection section = new ReadSection(env, ReaderMix.Kind.VIRTUAL);
        StopSignal stop = env.stop();
        for (long burst = 0; !stop.isSet(); burst++) {
            for (int i = 0; i < SECTIONS_PER_BURST; i++) {
                section.run();
            }
            if (burst % 4 == 3) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(this, PARK_NANOS);
            }
        }
        section.flush();
    }
}
