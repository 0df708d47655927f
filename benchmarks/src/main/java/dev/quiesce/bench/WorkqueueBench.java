package dev.quiesce.bench;

import dev.quiesce.wq.Work;
import dev.quiesce.wq.Workqueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A {@link Workqueue} against {@link ForkJoinPool} and {@link ThreadPoolExecutor}, same run, same fork setup.
 *
 * <ul>
 *   <li>{@code burst}: each of the benchmark's submitter threads queues {@link #BURST} tiny items (a counter
 *       decrement) and waits until all of its items ran. Throughput: bursts per second; multiply by
 *       {@link #BURST} for items per second.</li>
 *   <li>{@code roundTrip}: one submitter queues one tiny item on an idle pool and spins until it ran:
 *       queue-to-start latency plus a cache-line transfer back. Items follow each other at once, so the pool
 *       has just run dry (a workqueue worker still watches the intake for 50 us).</li>
 *   <li>{@code roundTripAsleep}: the same, 1 ms after the previous item ran (a setup step outside the timing),
 *       so that every executor's workers have gone to sleep: the latency includes waking one.</li>
 * </ul>
 *
 * Each executor gets as many threads as the machine has CPUs ({@code ThreadPoolExecutor}: fixed size, an
 * unbounded {@code LinkedBlockingQueue}; {@code ForkJoinPool}: that parallelism; the workqueue: one shard per
 * CPU, default flags).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WorkqueueBench {
    static final int BURST = 1000;

    @State(Scope.Benchmark)
    public static class Executors {
        @Param({"workqueue", "forkJoinPool", "threadPoolExecutor"})
        public String kind;
        Workqueue wq;
        ExecutorService pool;

        @Setup(Level.Trial)
        public void setUp() {
            int n = Runtime.getRuntime().availableProcessors();
            switch (kind) {
                case "workqueue" -> wq = Workqueue.builder("bench").build();
                case "forkJoinPool" -> pool = new ForkJoinPool(n);
                case "threadPoolExecutor" -> pool = new ThreadPoolExecutor(n, n, 60, TimeUnit.SECONDS,
                        new LinkedBlockingQueue<>());
                default -> throw new IllegalArgumentException(kind);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            if (wq != null) {
                wq.close();
            } else {
                pool.shutdown();
                pool.awaitTermination(10, TimeUnit.SECONDS);
            }
        }

        void submit(Runnable r) {
            if (wq != null) {
                wq.queue(new Work("bench", r));
            } else {
                pool.execute(r);
            }
        }
    }

    /** Per submitter thread: what its items count down. */
    @State(Scope.Thread)
    public static class Burst {
        final AtomicInteger left = new AtomicInteger();
        volatile Thread waiter;
        final Runnable item = () -> {
            if (left.decrementAndGet() == 0) {
                LockSupport.unpark(waiter);
            }
        };
    }

    @Benchmark
    @Threads(4)
    public void burst(Executors e, Burst b) {
        b.waiter = Thread.currentThread();
        b.left.set(BURST);
        for (int i = 0; i < BURST; i++) {
            e.submit(b.item);
        }
        while (b.left.get() != 0) {
            LockSupport.park(this);
        }
    }

    @State(Scope.Thread)
    public static class Flag {
        volatile boolean ran;
        final Runnable item = () -> ran = true;
    }

    /** A {@link Flag} whose executor is left alone for 1 ms before each invocation, outside the timing. */
    @State(Scope.Thread)
    public static class AsleepFlag extends Flag {
        @Setup(Level.Invocation)
        public void letTheWorkersFallAsleep() {
            LockSupport.parkNanos(1_000_000L);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(1)
    public void roundTrip(Executors e, Flag f) {
        f.ran = false;
        e.submit(f.item);
        while (!f.ran) {
            Thread.onSpinWait();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(1)
    public void roundTripAsleep(Executors e, AsleepFlag f) {
        roundTrip(e, f);
    }
}
