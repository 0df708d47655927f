package dev.quiesce.bench;

import dev.quiesce.rcu.Quiescence;

/**
 * CPU-bound platform threads that spin outside any read section until {@link #stop()}.
 *
 * <p>With {@code reportEvery > 0} each thread calls {@link Quiescence#report()} once every {@code reportEvery}
 * iterations of its loop, as a thread running instrumented hooks would; with 0 it never does, so a grace
 * period can clear it only by a stack sample.
 */
final class BusyThreads {
    /** Keeps the loops' results alive. */
    static volatile long sink;

    private final Thread[] threads;
    private volatile boolean stop;

    private BusyThreads(int count, int reportEvery) {
        if (reportEvery < 0 || Integer.bitCount(reportEvery) > 1) {
            throw new IllegalArgumentException("reportEvery must be 0 or a power of two, got " + reportEvery);
        }
        threads = new Thread[count];
        for (int i = 0; i < count; i++) {
            long seed = i + 1;
            Runnable body = reportEvery == 0 ? () -> spin(seed) : () -> spinReporting(seed, reportEvery - 1);
            Thread t = new Thread(body, "bench-busy-" + i);
            t.setDaemon(true);
            threads[i] = t;
        }
    }

    /** Starts {@code count} spinning threads (none for 0). */
    static BusyThreads start(int count, int reportEvery) {
        BusyThreads b = new BusyThreads(count, reportEvery);
        for (Thread t : b.threads) {
            t.start();
        }
        return b;
    }

    int count() {
        return threads.length;
    }

    /** Stops every thread and waits for it to end. */
    void stop() throws InterruptedException {
        stop = true;
        for (Thread t : threads) {
            t.join();
        }
    }

    private void spin(long x) {
        while (!stop) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        sink = x;
    }

    private void spinReporting(long x, int mask) {
        long i = 0;
        while (!stop) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            if ((++i & mask) == 0) {
                Quiescence.report();
            }
        }
        sink = x;
    }
}
