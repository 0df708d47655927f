package dev.quiesce.torture;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Reader threads that start and exit all the time: keeps {@link #LIVE} {@link ShortLivedReader}s running,
 * starting a new one as soon as one ends, so threads appear and disappear in the middle of grace periods
 * (new threads to scan, holdouts that terminate, trace readers to prune).
 */
final class ChurningReaders implements Runnable {
    private static final int LIVE = 2;
    private static final long CHECK_EVERY_NANOS = 1_000_000;

    private final ReaderEnvironment env;
    private final TortureThreads threads;
    private final String name;

    ChurningReaders(ReaderEnvironment env, TortureThreads threads, String name) {
        this.env = env;
        this.threads = threads;
        this.name = name;
    }

    @Override
    public void run() {
        Thread[] live = new Thread[LIVE];
        long started = 0;
        do {
            for (int i = 0; i < LIVE; i++) {
                if (live[i] == null || !live[i].isAlive()) {
                    int sections = ThreadLocalRandom.current().nextInt(1_000, 20_000);
                    live[i] = threads.startChild(name + "-" + started,
                            new ShortLivedReader(env, sections, started % 2 == 0));
                    started++;
                }
            }
        } while (env.stop().pause(CHECK_EVERY_NANOS));
        for (Thread t : live) {
            if (t != null) {
                TortureThreads.joinUninterruptibly(t);
            }
        }
    }
}
