package dev.quiesce.torture;

import java.util.concurrent.locks.LockSupport;

/**
 * One reader thread's read sections (rcutorture's {@code rcu_torture_one_read}): load the published element
 * with acquire, check its mbtest, read its pipe count and generation, do a little work, read them again, and
 * read the writer's grace-period clock at both ends.
 *
 * <p>This class is the read-side code registered for stack sampling: every access to a published element
 * happens with one of its frames on the stack, and the reader kinds keep their own loops outside it, so a
 * sample that finds no frame of this class proves the thread is between sections. A TASKS domain takes a
 * blocked thread for a quiescent one, so the section takes no lock, allocates nothing and loads no class
 * (the torture runs sections on its main thread before any reader starts), and sleeps only where the flavor
 * allows it. Not thread-safe: one instance per reader thread.
 */
final class ReadSection {
    /** Sections between two flushes of the tally to the shared counters. */
    private static final int FLUSH_EVERY = 256;
    /** Of the sections a sleeping flavor runs, one in this many sleeps inside. */
    private static final int SLEEP_ONE_IN = 256;

    private final TortureFlavor flavor;
    private final boolean maySleep;
    private final PublishedElement current;
    private final GracePeriodClock clock;
    private final StallInjector stalls;
    private final TortureCounters counters;
    private final ReaderMix.Kind kind;
    private final ReaderTally tally = new ReaderTally();
    private long random;
    private int sinceFlush;

    ReadSection(ReaderEnvironment env, ReaderMix.Kind kind) {
        this.flavor = env.flavor();
        this.maySleep = flavor.readersMaySleep();
        this.current = env.current();
        this.clock = env.clock();
        this.stalls = env.stalls();
        this.counters = env.counters();
        this.kind = kind;
        this.random = System.nanoTime() | 1; // xorshift must not start at 0
    }

    /** Runs one read section and counts what it saw. */
    void run() {
        int token = flavor.readLock();
        try {
            long clockStart = clock.now();
            TortureElement p = current.load();
            boolean initialized = p.initialized();
            int generationStart = p.generation();
            int pipeStart = p.pipeCount();
            work();
            int pipeEnd = p.pipeCount();
            int generationEnd = p.generation();
            long clockEnd = clock.now();
            tally.record(pipeStart, pipeEnd, clockEnd - clockStart, initialized, generationStart == generationEnd);
        } finally {
            flavor.readUnlock(token);
        }
        if (++sinceFlush >= FLUSH_EVERY) {
            flush();
        }
    }

    /** Adds this reader's counts to the shared counters; call it when the reader stops, too. */
    void flush() {
        tally.flushTo(counters, kind);
        sinceFlush = 0;
    }

    private void work() {
        long r = nextRandom();
        if (stalls.claim()) {
            hold(StallInjector.durationNanos(r >>> 1));
            tally.stalled();
        } else if (maySleep && (r >>> 40) % SLEEP_ONE_IN == 0) {
            LockSupport.parkNanos(this, 10_000 + (r >>> 8) % 90_000); // a sleepable section may block
        } else {
            for (int i = (int) (r & 31); i > 0; i--) {
                nextRandom();
            }
        }
    }

    /** An injected stall: stays inside the section, asleep only where the flavor allows blocking. */
    private void hold(long nanos) {
        long end = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = end - System.nanoTime()) {
            if (maySleep) {
                LockSupport.parkNanos(this, left);
            } else {
                Thread.onSpinWait();
            }
        }
    }

    private long nextRandom() {
        long x = random;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        random = x;
        return x;
    }
}
