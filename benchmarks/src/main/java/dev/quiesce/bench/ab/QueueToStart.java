package dev.quiesce.bench.ab;

import dev.quiesce.wq.Work;
import dev.quiesce.wq.Workqueue;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Queue-to-start latency of one item on an idle executor, the workqueue against {@link ForkJoinPool} and
 * {@link ThreadPoolExecutor}, in one JVM, in alternating blocks (each round runs a block of every executor, in an
 * order that turns with the round):
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.quiesce.bench.ab.QueueToStart [rounds] [pause-us] [samples per block]
 * </pre>
 *
 * Before each item the submitter parks for {@code pause-us} (default 1000: every executor's workers have gone to
 * sleep; 0: back to back, a pool that has just run dry). The item records {@link System#nanoTime()} as it starts;
 * the submitter spins until it has. Two figures per executor, over the rounds after the first two:
 * <ul>
 *   <li><b>start</b>: from the call that queues the item to the item's start, the latency a queued item sees;</li>
 *   <li><b>round trip</b>: until the submitter saw the item run, as {@code WorkqueueBench.roundTrip} measures.
 *       It includes the submitter's own return from its wake-up call, which on a host whose scheduler lets a woken
 *       thread delay its waker lasts until the woken worker goes back to sleep.</li>
 * </ul>
 * JMH times a whole invocation, so it cannot report the first figure; this driver exists for it. The executors
 * are set up as in {@code WorkqueueBench}: {@code ForkJoinPool} and {@code ThreadPoolExecutor} with as many
 * threads as the machine has CPUs, the workqueue with default flags (one pool per CPU).
 */
public final class QueueToStart {
    public static final String[] EXECUTORS = {"workqueue", "forkJoinPool", "threadPoolExecutor"};
    public static final int WARM_UP_ROUNDS = 2;

    private QueueToStart() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the comparison; returns the exit status (2: bad arguments, nothing run). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        String usage = "usage: QueueToStart [rounds] [pause-us] [samples per block]: rounds " + (WARM_UP_ROUNDS + 1)
                + " to 1000, pause-us 0 to 1000000, samples 1 to 100000";
        int rounds;
        long pauseMicros;
        int samples;
        try {
            rounds = args.length > 0 ? Integer.parseInt(args[0]) : 12;
            pauseMicros = args.length > 1 ? Long.parseLong(args[1]) : 1000;
            samples = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        } catch (NumberFormatException e) {
            err.println(usage + " (got " + String.join(" ", args) + ")");
            return 2;
        }
        if (args.length > 3 || !valid(rounds, pauseMicros, samples)) {
            err.println(usage);
            return 2;
        }
        long[][][] m = measure(rounds, pauseMicros, samples);
        out.printf(Locale.ROOT, "queue-to-start, %d us pause before each item, %d rounds x %d items (first %d"
                + " rounds not counted), microseconds%n", pauseMicros, rounds, samples, WARM_UP_ROUNDS);
        out.printf(Locale.ROOT, "%-20s %10s %10s %10s %14s %14s%n", "executor", "start p50", "start p90",
                "start p99", "roundTrip p50", "roundTrip p90");
        for (int e = 0; e < EXECUTORS.length; e++) {
            long[] s = m[e][0];
            long[] t = m[e][1];
            out.printf(Locale.ROOT, "%-20s %10.2f %10.2f %10.2f %14.2f %14.2f%n", EXECUTORS[e], micros(s, 0.5),
                    micros(s, 0.9), micros(s, 0.99), micros(t, 0.5), micros(t, 0.9));
        }
        return 0;
    }

    /**
     * Measures, in this JVM: for each of {@link #EXECUTORS}, the sorted start latencies ({@code [e][0]}) and round
     * trips ({@code [e][1]}), in nanoseconds, of the rounds after the first {@link #WARM_UP_ROUNDS}.
     */
    public static long[][][] measure(int rounds, long pauseMicros, int samples) {
        if (!valid(rounds, pauseMicros, samples)) {
            throw new IllegalArgumentException("rounds " + rounds + ", pause " + pauseMicros + " us, samples " + samples);
        }
        int n = Runtime.getRuntime().availableProcessors();
        Workqueue wq = Workqueue.builder("queue-to-start").build();
        ExecutorService fjp = new ForkJoinPool(n);
        ExecutorService tpe = new ThreadPoolExecutor(n, n, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        try {
            Probe[] probes = {new WorkqueueProbe(wq), new ExecutorProbe(fjp), new ExecutorProbe(tpe)};
            int measured = (rounds - WARM_UP_ROUNDS) * samples;
            long[][][] m = new long[probes.length][2][measured];
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < probes.length; k++) {
                    int e = (k + r) % probes.length;
                    int at = (r - WARM_UP_ROUNDS) * samples;
                    for (int i = 0; i < samples; i++) {
                        probes[e].prepare();
                        if (pauseMicros > 0) {
                            LockSupport.parkNanos(pauseMicros * 1000L);
                        }
                        long queuedAt = System.nanoTime();
                        long startedAt = probes[e].queueAndAwaitStart();
                        long seenAt = System.nanoTime();
                        if (at >= 0) {
                            m[e][0][at + i] = startedAt - queuedAt;
                            m[e][1][at + i] = seenAt - queuedAt;
                        }
                    }
                }
            }
            for (long[][] executor : m) {
                Arrays.sort(executor[0]);
                Arrays.sort(executor[1]);
            }
            return m;
        } finally {
            fjp.shutdownNow();
            tpe.shutdownNow();
            wq.close();
        }
    }

    private static boolean valid(int rounds, long pauseMicros, int samples) {
        return rounds > WARM_UP_ROUNDS && rounds <= 1000 && pauseMicros >= 0 && pauseMicros <= 1_000_000
                && samples >= 1 && samples <= 100_000;
    }

    /** The {@code quantile} of {@code sorted} nanoseconds, in microseconds. */
    public static double micros(long[] sorted, double quantile) {
        return sorted[(int) (quantile * (sorted.length - 1))] / 1000.0;
    }

    /** One executor: queues one item and returns the {@link System#nanoTime()} at which it started. */
    private abstract static class Probe {
        volatile long startedAt;
        final Runnable item = () -> startedAt = System.nanoTime();

        abstract void submit();

        /** Before the timing: readies the next item (the workqueue's: a new one). */
        void prepare() {}

        long queueAndAwaitStart() {
            startedAt = 0;
            submit();
            long t;
            while ((t = startedAt) == 0) {
                Thread.onSpinWait();
            }
            return t;
        }
    }

    private static final class WorkqueueProbe extends Probe {
        final Workqueue wq;
        Work work;

        WorkqueueProbe(Workqueue wq) {
            this.wq = wq;
        }

        @Override
        void prepare() {
            // A new item each time, as WorkqueueBench queues: reusing one would need a flush here to be sure its
            // last run has ended, and a flush that waits is woken by the worker, which moves the submitter
            // onto the worker's CPU and so changes where the next wake-up lands.
            work = new Work("queue-to-start", item);
        }

        @Override
        void submit() {
            wq.queue(work);
        }
    }

    private static final class ExecutorProbe extends Probe {
        final ExecutorService pool;

        ExecutorProbe(ExecutorService pool) {
            this.pool = pool;
        }

        @Override
        void submit() {
            pool.execute(item);
        }
    }
}
