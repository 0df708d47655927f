package dev.quiesce.torture;

import dev.quiesce.rcu.Quiescence;

/**
 * A platform thread in a tight loop of read sections, compiled by C2, that reports a quiescent state after
 * each one: the hook-counter source is what lets grace periods end while it runs flat out.
 */
final class HotReader implements Runnable {
    private final ReaderEnvironment env;

    HotReader(ReaderEnvironment env) {
        this.env = env;
    }

    @Override
    public void run() {
        ReadSection section = new ReadSection(env, ReaderMix.Kind.HOT);
        StopSignal stop = env.stop();
        while (!stop.isSet()) {
            section.run();
            Quiescence.report();
        }
        section.flush();
    }
}
