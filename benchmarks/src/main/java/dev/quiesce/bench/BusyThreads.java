package dev.quiesce.bench;

import dev.quiesce.rcu.Quiescence;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongUnaryOperator;

/**
 * CPU-bound threads that spin outside any read section until {@link #stop()}.
 *
 * <p>Platform threads ({@link #start}): with {@code reportEvery > 0} each thread calls {@link Quiescence#report()}
 * once every {@code reportEvery} iterations of its loop, as a thread running instrumented hooks would; with 0
 * it never does, so a grace period can clear it only by a stack sample.
 *
 * <p>Virtual threads ({@link #startVirtual}, JDK 21+): with {@code yieldEvery > 0} each calls
 * {@link Thread#yield()} once every {@code yieldEvery} iterations instead (their own reports are ignored; the
 * unmount is their carrier's quiescent state); with 0 they never yield, so only as many run as there are
 * carriers, the rest wait unmounted until {@link #stop()}.
 *
 * <p>{@link #calling} starts threads whose loop calls a method nonstop instead (the method instrumented by the
 * benchmark, inlined into the loop once compiled); each publishes how many calls it made, so that a benchmark
 * can wait until every thread has run the method again after an instrumentation changed it.
 */
final class BusyThreads {
    /** Keeps the loops' results alive. */
    static volatile long sink;

    /** Longs between two threads' call counts in {@link #calls}: one count per 128 bytes. */
    private static final int STRIDE = 16;
    /** Calls between two publications of a thread's call count (a power of two). */
    private static final long PUBLISH_EVERY = 1024;

    private final Thread[] threads;
    /** Calls made by each {@link #calling} thread, published every {@link #PUBLISH_EVERY}; unused otherwise. */
    private final AtomicLongArray calls;
    /** Set once by {@link #stop()}; read by every busy loop. */
    private volatile boolean stop;

    private BusyThreads(int count, int reportEvery, boolean virtual) {
        if (reportEvery < 0 || Integer.bitCount(reportEvery) > 1) {
            throw new IllegalArgumentException("reportEvery must be 0 or a power of two, got " + reportEvery);
        }
        threads = new Thread[count];
        calls = new AtomicLongArray(0);
        for (int i = 0; i < count; i++) {
            long seed = i + 1;
            int mask = reportEvery - 1;
            Runnable body = reportEvery == 0 ? () -> spin(seed)
                    : virtual ? () -> spinYielding(seed, mask) : () -> spinReporting(seed, mask);
            Thread t;
            if (virtual) {
                t = VirtualThreads.unstarted("bench-busy-v-" + i, body); // always a daemon
            } else {
                t = new Thread(body, "bench-busy-" + i);
                t.setDaemon(true);
            }
            threads[i] = t;
        }
    }

    private BusyThreads(int count, LongUnaryOperator method) {
        threads = new Thread[count];
        calls = new AtomicLongArray(count * STRIDE);
        for (int i = 0; i < count; i++) {
            int index = i;
            Thread t = new Thread(() -> call(index, method), "bench-busy-" + i);
            t.setDaemon(true);
            threads[i] = t;
        }
    }

    /** Starts {@code count} spinning platform threads (none for 0). */
    static BusyThreads start(int count, int reportEvery) {
        return startAll(new BusyThreads(count, reportEvery, false));
    }

    /**
     * Starts {@code count} spinning virtual threads (none for 0), yielding every {@code yieldEvery} iterations
     * (0: never).
     *
     * @throws UnsupportedOperationException on a JDK without virtual threads, if {@code count > 0}
     */
    static BusyThreads startVirtual(int count, int yieldEvery) {
        return startAll(new BusyThreads(count, yieldEvery, true));
    }

    private static BusyThreads startAll(BusyThreads b) {
        for (Thread t : b.threads) {
            t.start();
        }
        return b;
    }

    /**
     * Starts {@code count} threads (none for 0) that call {@code method} nonstop, outside any read section, and
     * never report quiescence.
     */
    static BusyThreads calling(int count, LongUnaryOperator method) {
        return startAll(new BusyThreads(count, method));
    }

    /** Calls made so far by every {@link #calling} thread, as last published. */
    long calls() {
        long sum = 0;
        for (int i = 0; i < threads.length; i++) {
            sum += calls.get(i * STRIDE);
        }
        return sum;
    }

    /**
     * Waits until each {@link #calling} thread has made at least {@code perThread} more calls than when this
     * was called, and at least {@code minMillis} have passed; fails if that takes longer than
     * {@code timeoutMillis} (a thread that stopped calling).
     */
    void awaitCalls(long perThread, long minMillis, long timeoutMillis) {
        long start = System.nanoTime();
        long[] from = new long[threads.length];
        for (int i = 0; i < from.length; i++) {
            from[i] = calls.get(i * STRIDE);
        }
        int next = 0;
        while (true) {
            while (next < from.length && calls.get(next * STRIDE) - from[next] >= perThread) {
                next++;
            }
            long elapsed = System.nanoTime() - start;
            if (next == from.length && elapsed >= TimeUnit.MILLISECONDS.toNanos(minMillis)) {
                return;
            }
            if (elapsed > TimeUnit.MILLISECONDS.toNanos(timeoutMillis)) {
                throw new IllegalStateException("busy thread " + next + " made "
                        + (calls.get(next * STRIDE) - from[next]) + " call(s) in " + timeoutMillis
                        + " ms, fewer than " + perThread);
            }
            LockSupport.parkNanos(200_000);
        }
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

    private void call(int index, LongUnaryOperator method) {
        long s = 0;
        long i = 0;
        while (!stop) {
            s += method.applyAsLong(i);
            if ((++i & (PUBLISH_EVERY - 1)) == 0) {
                calls.lazySet(index * STRIDE, i);
            }
        }
        sink = s;
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

    /** A virtual thread's loop: each yield unmounts it, a quiescent state of its carrier. */
    private void spinYielding(long x, int mask) {
        long i = 0;
        while (!stop) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            if ((++i & mask) == 0) {
                Thread.yield();
            }
        }
        sink = x;
    }
}
