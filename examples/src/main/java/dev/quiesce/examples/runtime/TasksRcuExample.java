package dev.quiesce.examples.runtime;

import dev.quiesce.examples.VersionedResource;
import dev.quiesce.rcu.Quiescence;
import dev.quiesce.rcu.TasksRcu;
import dev.quiesce.rcu.TasksRcuStats;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * {@link TasksRcu} in one page: a resource is published through an {@link AtomicReference}; two readers use it
 * in TASKS read sections (no blocking inside, acquire load); the updater replaces it and frees the old one in
 * each of the three ways the API offers:
 *
 * <ol>
 *   <li>{@link TasksRcu#synchronize()}: wait for a grace period, then close it;
 *   <li>{@link TasksRcu#call(Runnable)}: a callback closes it after a grace period;
 *   <li>{@link TasksRcu#retire(AutoCloseable)}: the domain closes it after a grace period, batched
 *       ({@link TasksRcu#barrier()} waits until every retirement queued so far has run).
 * </ol>
 *
 * <p>Every reader checks, at the end of its read section, that the resource it used was not closed. Exit
 * status 0 when none was and every replaced resource got closed, else 1.
 */
public final class TasksRcuExample {
    private static final int RETIREMENTS = 200;

    private final AtomicReference<VersionedResource> current = new AtomicReference<>(new VersionedResource(0));
    private final LongAdder reads = new LongAdder();
    private final LongAdder closedSeen = new LongAdder();
    private volatile boolean stop;

    /** The read section: registered as reader frames, so a stack sample inside it holds the grace period. */
    static final class ReadSection {
        private ReadSection() {}

        static long read(TasksRcuExample ex) {
            VersionedResource r = ex.current.getAcquire();
            long v = r.version;
            for (int i = 0; i < 20; i++) {
                v = v * 31 + i; // use the resource
            }
            if (r.closed) {
                ex.closedSeen.increment();
            }
            ex.reads.increment();
            return v;
        }
    }

    private TasksRcuExample() {}

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(System.out) ? 0 : 1);
    }

    /** Runs the example, printing its report to {@code out}; true when every check passed. */
    public static boolean run(PrintStream out) throws InterruptedException {
        return new TasksRcuExample().go(out);
    }

    private boolean go(PrintStream out) throws InterruptedException {
        TasksRcu domain = TasksRcu.builder().name("example").build();
        domain.readerFrames().add(ReadSection.class);
        // The first grace period of a JVM samples the stacks of the JVM's own RUNNABLE service threads once
        // (afterwards a clock read clears them): run it before the readers start, to time only theirs below.
        long w0 = System.nanoTime();
        domain.synchronize();
        long firstGp = System.nanoTime() - w0;
        List<Thread> readers = List.of(
                reader("reader-reporting", () -> {
                    for (int i = 0; i < 100; i++) {
                        ReadSection.read(this);
                        Quiescence.report(); // a quiescent point between sections
                    }
                    LockSupport.parkNanos(20_000L);
                }),
                reader("reader-parking", () -> {
                    for (int i = 0; i < 100; i++) {
                        ReadSection.read(this);
                    }
                    LockSupport.parkNanos(50_000L); // parked: quiescent by thread state
                }));
        List<VersionedResource> replaced = new ArrayList<>();
        boolean ok = true;
        try {
            LockSupport.parkNanos(10_000_000L); // let the readers get going
            out.println("TasksRcu example: 2 readers use the published resource; the updater replaces it");
            out.printf("  (first grace period, before the readers started: %d us)%n", firstGp / 1000);

            // 1. synchronize(): unlink, wait for a grace period, close.
            VersionedResource old = current.getAndSet(new VersionedResource(1));
            replaced.add(old);
            long t0 = System.nanoTime();
            domain.synchronize();
            long waited = System.nanoTime() - t0;
            old.close();
            out.printf("  synchronize(): replaced v0 by v1, waited %d us for readers of v0, then closed v0%n",
                    waited / 1000);

            // 2. call(Runnable): unlink, a callback closes it after a grace period.
            VersionedResource old1 = current.getAndSet(new VersionedResource(2));
            replaced.add(old1);
            CountDownLatch closedByCallback = new CountDownLatch(1);
            long t1 = System.nanoTime();
            domain.call(() -> {
                old1.close();
                closedByCallback.countDown();
            });
            if (closedByCallback.await(10, TimeUnit.SECONDS)) {
                out.printf("  call(Runnable): replaced v1 by v2; the callback closed v1 %d us later%n",
                        (System.nanoTime() - t1) / 1000);
            } else {
                out.println("  call(Runnable): FAILED: the callback did not run within 10 s");
                ok = false;
            }

            // 3. retire(AutoCloseable): unlink, the domain closes it after a grace period, in batches.
            long retiredBefore = domain.stats().retired();
            for (int v = 3; v < 3 + RETIREMENTS; v++) {
                VersionedResource r = current.getAndSet(new VersionedResource(v));
                replaced.add(r);
                domain.retire(r);
                LockSupport.parkNanos(100_000L);
            }
            domain.barrier(); // every retirement queued so far has run
            TasksRcuStats s = domain.stats();
            out.printf("  retire(AutoCloseable): replaced v2 to v%d, retired each; after barrier(): %d closed"
                    + " after their grace period, %d close(s) failed%n", 2 + RETIREMENTS,
                    s.retired() - retiredBefore, s.retireFailures());
        } finally {
            stop = true;
            for (Thread t : readers) {
                t.join();
            }
        }
        TasksRcuStats s = domain.stats();
        domain.close();
        long notClosed = replaced.stream().filter(r -> !r.closed).count();
        out.printf("  grace periods %d, p50 <= %d us, max %d us; holdouts met %d, stack samples %d%n",
                s.gracePeriodsCompleted(), s.latency().quantileUpperBoundNanos(0.5) / 1000,
                s.latency().maxNanos() / 1000, s.holdoutsSeen(), s.samplesTaken());
        out.printf("  reads %d, reads of a closed resource %d, replaced resources not closed %d%n", reads.sum(),
                closedSeen.sum(), notClosed);
        ok &= closedSeen.sum() == 0 && notClosed == 0 && reads.sum() > 0;
        out.println(ok ? "OK: no reader used a closed resource, and every replaced one was closed"
                : "FAILED: see the counts above");
        return ok;
    }

    private Thread reader(String name, Runnable batch) {
        Thread t = new Thread(() -> {
            while (!stop) {
                batch.run();
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
