package dev.quiesce.torture;

/**
 * A CPU-bound reader that never reports and never blocks: only a stack sample can clear it. Its sections are
 * a small share of its time (it computes outside them for a few microseconds between two), so a sample
 * usually finds it with no {@link ReadSection} frame on the stack; one that lands inside must not clear it.
 */
final class HoldoutReader implements Runnable {
    /** Rounds of computation between two sections: a few microseconds. */
    private static final long OUTSIDE_ROUNDS = 2_000;

    private final ReaderEnvironment env;
    /** Where the computation goes, so the JIT cannot drop it. */
    private long sink;

    HoldoutReader(ReaderEnvironment env) {
        this.env = env;
    }

    @Override
    public void run() {
        ReadSection section = new ReadSection(env, ReaderMix.Kind.HOLDOUT);
        StopSignal stop = env.stop();
        long x = System.nanoTime() | 1;
        while (!stop.isSet()) {
            section.run();
            // A long-counted loop keeps its safepoint poll, so samples can stop the thread out here.
            for (long i = 0; i < OUTSIDE_ROUNDS; i++) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
            }
            sink += x;
        }
        section.flush();
    }

    @Override
    public String toString() {
        return "HoldoutReader[" + sink + "]";
    }
}
