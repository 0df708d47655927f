package dev.quiesce.bench.ab;

import dev.quiesce.wq.Work;
import dev.quiesce.wq.Workqueue;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The workqueue against {@link ForkJoinPool} on {@code WorkqueueBench.burst}'s workload, one JVM, alternating
 * 1-second rounds (the workqueue first in even rounds, the pool first in odd ones), with the CPU each spent per
 * item split between the submitter threads and everything else (the executor's threads, and the JVM's):
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.quiesce.bench.ab.WorkqueueVsForkJoinPool [rounds] [warm-up rounds]
 * </pre>
 *
 * Prints each round and the median ratio (workqueue / pool) of the rounds after the warm-up ones. Both get as
 * many threads as the machine has CPUs, as in {@code WorkqueueBench}.
 */
public final class WorkqueueVsForkJoinPool {
    static final int SUBMITTERS = 4;

    private WorkqueueVsForkJoinPool() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the comparison; returns the exit status (2: bad arguments, nothing run). */
    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        int rounds;
        int warmUp;
        try {
            rounds = args.length > 0 ? Integer.parseInt(args[0]) : 16;
            warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        } catch (NumberFormatException e) {
            err.println("usage: WorkqueueVsForkJoinPool [rounds] [warm-up rounds] (numbers; got "
                    + String.join(" ", args) + ")");
            return 2;
        }
        if (args.length > 2 || rounds < 1 || warmUp < 0 || warmUp >= rounds) {
            err.println("usage: WorkqueueVsForkJoinPool [rounds] [warm-up rounds]: rounds at least 1, warm-up rounds"
                    + " fewer than rounds");
            return 2;
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        if (!mx.isThreadCpuTimeSupported()) {
            err.println("this JVM cannot measure threads' CPU time");
            return 2;
        }
        mx.setThreadCpuTimeEnabled(true);
        int cpus = Runtime.getRuntime().availableProcessors();
        Workqueue wq = Workqueue.builder("vs-fjp").build();
        ForkJoinPool fjp = new ForkJoinPool(cpus);
        double[] ratios = new double[rounds - warmUp];
        try {
            for (int r = 0; r < rounds; r++) {
                Round a;
                Round b;
                if (r % 2 == 0) {
                    a = Round.run(item -> wq.queue(new Work("vs-fjp", item)), mx);
                    b = Round.run(fjp::execute, mx);
                } else {
                    b = Round.run(fjp::execute, mx);
                    a = Round.run(item -> wq.queue(new Work("vs-fjp", item)), mx);
                }
                double ratio = a.itemsPerSecond / b.itemsPerSecond;
                if (r >= warmUp) {
                    ratios[r - warmUp] = ratio;
                }
                out.printf(Locale.ROOT, "round %2d%s: workqueue %s | ForkJoinPool %s | ratio %.2f%n", r,
                        r < warmUp ? " (warm-up)" : "", a, b, ratio);
            }
        } finally {
            wq.close();
            fjp.shutdown();
            fjp.awaitTermination(10, TimeUnit.SECONDS);
        }
        Arrays.sort(ratios);
        out.printf(Locale.ROOT, "median workqueue/ForkJoinPool over %d rounds: %.2f (min %.2f, max %.2f)%n",
                ratios.length, ratios[ratios.length / 2], ratios[0], ratios[ratios.length - 1]);
        return 0;
    }

    /** One second of bursts on one executor: items per second, and CPU nanoseconds per item. */
    private record Round(double itemsPerSecond, double submitterNanos, double otherNanos, double processNanos) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%6.2f M items/s, CPU per item: submitters %5.1f ns, others %5.1f ns,"
                    + " process %5.1f ns", itemsPerSecond / 1e6, submitterNanos, otherNanos, processNanos);
        }

        /**
         * {@link #SUBMITTERS} threads each queue bursts of {@link Burst#SIZE} tiny items and wait for their own burst;
         * measured over the second half of the second.
         */
        static Round run(Consumer<Runnable> submit, ThreadMXBean mx) throws InterruptedException {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong bursts = new AtomicLong();
            Thread[] threads = new Thread[SUBMITTERS];
            for (int t = 0; t < SUBMITTERS; t++) {
                threads[t] = new Thread(() -> {
                    Burst burst = new Burst();
                    while (!stop.get()) {
                        burst.runOnce(submit);
                        bursts.incrementAndGet();
                    }
                }, "vs-fjp-submitter-" + t);
                threads[t].start();
            }
            Thread.sleep(500);
            // The window: bursts completed in it, and every thread's CPU read at its two ends (by this thread).
            Map<Long, Long> before = threadCpu(mx);
            long process0 = processCpu();
            long b0 = bursts.get();
            long t0 = System.nanoTime();
            Thread.sleep(500);
            long b1 = bursts.get();
            long t1 = System.nanoTime();
            Map<Long, Long> after = threadCpu(mx);
            long process1 = processCpu();
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
            long submitters = 0;
            long others = 0;
            for (Map.Entry<Long, Long> e : after.entrySet()) {
                long spent = e.getValue() - before.getOrDefault(e.getKey(), 0L);
                boolean submitter = false;
                for (Thread t : threads) {
                    submitter |= t.getId() == e.getKey();
                }
                if (submitter) {
                    submitters += spent;
                } else if (e.getKey() != Thread.currentThread().getId()) {
                    others += spent;
                }
            }
            double items = Math.max(1, b1 - b0) * (double) Burst.SIZE;
            return new Round(items * 1e9 / (t1 - t0), submitters / items, others / items,
                    (process1 - process0) / items);
        }

        private static Map<Long, Long> threadCpu(ThreadMXBean mx) {
            Map<Long, Long> m = new HashMap<>();
            for (long id : mx.getAllThreadIds()) {
                long c = mx.getThreadCpuTime(id);
                if (c > 0) {
                    m.put(id, c);
                }
            }
            return m;
        }

        private static long processCpu() {
            return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    ? os.getProcessCpuTime() : 0;
        }
    }
}
