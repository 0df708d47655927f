package dev.quiesce.torture;

import dev.quiesce.rcu.Quiescence;

/**
 * A reader thread that runs a few thousand sections and exits (started by {@link ChurningReaders}). Half of
 * them report a quiescent state after each section; the others never do, so a grace period clears them by a
 * sample or by their end.
 */
final class ShortLivedReader implements Runnable {
    private final ReaderEnvironment env;
    private final int sections;
    private final boolean reports;

    ShortLivedReader(ReaderEnvironment env, int sections, boolean reports) {
        this.env = env;
        this.sections = sections;
        this.reports = reports;
    }

    @Override
    public void run() {
        ReadSection section = new ReadSection(env, ReaderMix.Kind.CHURNING);
        StopSignal stop = env.stop();
        for (int i = 0; i < sections && !stop.isSet(); i++) {
            section.run();
            if (reports) {
                Quiescence.report();
            }
        }
        section.flush();
    }
}
