package dev.quiesce.bench.ab;

import dev.quiesce.wq.Work;
import dev.quiesce.wq.Workqueue;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The workloads of {@link WorkqueueAB}, written against the public workqueue API only, so that one compiled
 * copy runs against any version of the runtime: {@link WorkqueueAB} loads this class once per version, each time
 * in a class loader that finds that version's {@code dev.quiesce.wq} first.
 */
public final class WorkqueueDriver {
    /** One queue per loader, kept across rounds (as a service keeps its queue). */
    private static Workqueue queue;

    private WorkqueueDriver() {}

    private static Workqueue queue() {
        if (queue == null) {
            queue = Workqueue.builder("ab").build();
        }
        return queue;
    }

    /**
     * {@code submitters} threads each queue bursts of {@link Burst#SIZE} tiny items and wait for their own burst, as
     * {@code WorkqueueBench.burst} does: items per second over the second half of {@code millis}.
     */
    public static double burst(int submitters, long millis) throws InterruptedException {
        Workqueue q = queue();
        AtomicLong bursts = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        Thread[] threads = new Thread[submitters];
        for (int t = 0; t < submitters; t++) {
            threads[t] = new Thread(() -> {
                Burst burst = new Burst();
                while (!stop.get()) {
                    burst.runOnce(item -> q.queue(new Work("ab", item)));
                    bursts.incrementAndGet();
                }
            }, "ab-submitter-" + t);
            threads[t].start();
        }
        Thread.sleep(millis / 2); // warm-up half
        long b0 = bursts.get();
        long t0 = System.nanoTime();
        Thread.sleep(millis / 2);
        long b1 = bursts.get();
        long t1 = System.nanoTime();
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        return (b1 - b0) * (double) Burst.SIZE * 1e9 / (t1 - t0);
    }

    /**
     * One submitter queues one tiny item and spins until it ran, again and again, as
     * {@code WorkqueueBench.roundTrip} does: the median round trip in microseconds over the second half.
     */
    public static double roundTripMedianMicros(long millis) {
        Workqueue q = queue();
        AtomicBoolean ran = new AtomicBoolean();
        Work w = new Work("ab", () -> ran.set(true));
        long[] samples = new long[1 << 16];
        int n = 0;
        long end = System.nanoTime() + millis * 1_000_000L;
        long measureFrom = System.nanoTime() + millis * 500_000L;
        while (System.nanoTime() < end) {
            ran.set(false);
            long start = System.nanoTime();
            q.queue(w);
            while (!ran.get()) {
                Thread.onSpinWait();
            }
            long took = System.nanoTime() - start;
            if (start >= measureFrom && n < samples.length) {
                samples[n++] = took;
            }
            w.flush(); // the item is idle again before the next queueing
        }
        long[] s = Arrays.copyOf(samples, n);
        Arrays.sort(s);
        return n == 0 ? Double.NaN : s[n / 2] / 1000.0;
    }

    /**
     * As {@link #roundTripMedianMicros}, but each item is queued 1 ms after the previous one ran, so that the
     * workers have gone to sleep: the median time from the call to {@code queue} to the item's start, in
     * microseconds, over the second half.
     */
    public static double queueToStartAsleepMedianMicros(long millis) {
        Workqueue q = queue();
        AtomicLong startedAt = new AtomicLong();
        Runnable item = () -> startedAt.set(System.nanoTime());
        long[] samples = new long[1 << 16];
        int n = 0;
        long end = System.nanoTime() + millis * 1_000_000L;
        long measureFrom = System.nanoTime() + millis * 500_000L;
        while (System.nanoTime() < end) {
            // A new item each time: flushing a reused one first would, when the flush waits, be woken by the
            // worker, which moves this thread onto the worker's CPU and changes where the next wake-up lands.
            Work w = new Work("ab", item);
            LockSupport.parkNanos(1_000_000L);
            startedAt.set(0);
            long queuedAt = System.nanoTime();
            q.queue(w);
            long started;
            while ((started = startedAt.get()) == 0) {
                Thread.onSpinWait();
            }
            if (queuedAt >= measureFrom && n < samples.length) {
                samples[n++] = started - queuedAt;
            }
        }
        long[] s = Arrays.copyOf(samples, n);
        Arrays.sort(s);
        return n == 0 ? Double.NaN : s[n / 2] / 1000.0;
    }
}
