package dev.quiesce.torture;

import dev.quiesce.rcu.Quiescence;

/**
 * A reader that goes offline (extended quiescence) between bursts of sections, around a sleep and the busy
 * work a thread does when it comes back from a blocking call: while it computes offline it is RUNNABLE, and
 * its offline bit is what clears it without a sample.
 */
final class OfflineReader implements Runnable {
    private static final int SECTIONS_PER_BURST = 16;
    private static final long OFFLINE_WORK_ROUNDS = 5_000;

    private final ReaderEnvironment env;
    private long sink;

    OfflineReader(ReaderEnvironment env) {
        this.env = env;
    }

    @Override
    public void run() {
        ReadSection section = new ReadSection(env, ReaderMix.Kind.OFFLINE);
        StopSignal stop = env.stop();
        long x = System.nanoTime() | 1;
        while (!stop.isSet()) {
            for (int i = 0; i < SECTIONS_PER_BURST; i++) {
                section.run();
            }
            Quiescence.offline();
            try {
                Thread.sleep(1);
                for (long i = 0; i < OFFLINE_WORK_ROUNDS; i++) {
                    x ^= x << 13;
                    x ^= x >>> 7;
                    x ^= x << 17;
                }
                sink += x;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break; // nobody interrupts torture threads but the end of the run
            } finally {
                Quiescence.online();
            }
        }
        section.flush();
    }

    @Override
    public String toString() {
        return "OfflineReader[" + sink + "]";
    }
}
