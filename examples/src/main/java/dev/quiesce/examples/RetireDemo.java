package dev.quiesce.examples;

import dev.quiesce.rcu.LatencySnapshot;
import dev.quiesce.rcu.Quiescence;
import dev.quiesce.rcu.TasksRcu;
import dev.quiesce.rcu.TasksRcuStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The runtime on its own: readers use a published resource in TASKS read sections while an updater keeps
 * replacing it and retiring the old one with {@link TasksRcu#retire}. A retired resource is closed only
 * after a grace period, so no reader ever sees a closed one; the demo counts, and prints the report.
 *
 * <p>Readers of three kinds run: one reports quiescence between sections (hook counter), one parks between
 * sections (thread state), one is CPU-bound and silent (only stack sampling can clear it, so its class is
 * registered as read-side code).
 *
 * <p>Usage: {@code RetireDemo [seconds]} (default 5). Exit code 0 when no reader saw a closed resource.
 */
public final class RetireDemo {
    static final AtomicReference<VersionedResource> CURRENT = new AtomicReference<>(new VersionedResource(0));
    static final LongAdder READS = new LongAdder();
    static final LongAdder CLOSED_SEEN = new LongAdder();
    static volatile boolean stop;

    /** The read section: load with acquire, use, check it is still open. Registered as reader frames. */
    static final class ReadSection {
        static long read() {
            VersionedResource r = CURRENT.getAcquire();
            long v = r.version;
            for (int i = 0; i < 50; i++) {
                v = v * 31 + i; // use the resource a little
            }
            if (r.closed) {
                CLOSED_SEEN.increment();
            }
            READS.increment();
            return v;
        }
    }

    private RetireDemo() {}

    public static void main(String[] args) throws Exception {
        int seconds = 5;
        if (args.length > 0) {
            try {
                seconds = Integer.parseInt(args[0]);
            } catch (NumberFormatException e) {
                seconds = -1;
            }
            if (seconds < 1 || seconds > 3600) {
                System.err.println("usage: RetireDemo [seconds]   (1 to 3600; got \"" + args[0] + "\")");
                System.exit(2);
            }
        }
        TasksRcu domain = TasksRcu.builder().name("demo").build();
        domain.readerFrames().add(ReadSection.class);
        System.out.printf("quiesce demo (runtime only): %d s on JDK %s, %d cores%n", seconds,
                Runtime.version(), Runtime.getRuntime().availableProcessors());
        System.out.println("readers: reporting (hook counter), parking (thread state), silent CPU-bound (sampling)");

        List<Thread> readers = new ArrayList<>();
        readers.add(start("reader-reporting", () -> {
            while (!stop) {
                ReadSection.read();
                Quiescence.report();
            }
        }));
        readers.add(start("reader-parking", () -> {
            while (!stop) {
                for (int i = 0; i < 1000; i++) {
                    ReadSection.read();
                }
                LockSupport.parkNanos(50_000L);
            }
        }));
        readers.add(start("reader-silent", () -> {
            while (!stop) {
                ReadSection.read();
                // Other work between sections, about a microsecond: a sample can only clear this thread when it
                // stops outside the read section, and the JIT may put every safepoint poll of a loop that does
                // nothing else inside the inlined section.
                long t = System.nanoTime();
                while (System.nanoTime() - t < 1_000) {
                    Thread.onSpinWait();
                }
            }
        }));

        long retired = 0;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long version = 1;
        while (System.nanoTime() < end) {
            VersionedResource old = CURRENT.getAndSet(new VersionedResource(version++)); // unlink (and publish the new one)
            domain.retire(old);
            retired++;
            if (version % 50 == 0) {
                domain.synchronize(); // now and then, wait in line like a probe removal does
            }
            LockSupport.parkNanos(2_000_000L);
        }
        domain.barrier(); // every retirement queued so far has run
        stop = true;
        for (Thread t : readers) {
            t.join();
        }
        TasksRcuStats s = domain.stats();
        domain.close();
        LatencySnapshot lat = s.latency();
        System.out.println();
        System.out.println("Removal report");
        System.out.printf("  resources retired        %d (closed after a grace period: %d, failed: %d, waited inline: %d)%n",
                retired, s.retired(), s.retireFailures(), s.retireInline());
        System.out.printf("  grace periods            %d (expedited %d)%n", s.gracePeriodsCompleted(),
                s.expeditedCompleted());
        System.out.printf("  grace-period time        p50 <= %d us, p99 <= %d us, max %d us%n",
                lat.quantileUpperBoundNanos(0.5) / 1000, lat.quantileUpperBoundNanos(0.99) / 1000,
                lat.maxNanos() / 1000);
        System.out.printf("  holdouts met             %d (stack samples %d, cleared by them %d; idle clears %d)%n",
                s.holdoutsSeen(), s.samplesTaken(), s.samplesCleared(), s.idleClears());
        System.out.printf("  reads                    %d%n", READS.sum());
        System.out.printf("  reads of a closed one    %d%n", CLOSED_SEEN.sum());
        boolean allClosed = s.retired() + s.retireFailures() == retired;
        boolean ok = CLOSED_SEEN.sum() == 0 && allClosed;
        System.out.println(ok ? "SAFE: no reader ever used a retired resource after it was closed"
                : CLOSED_SEEN.sum() != 0 ? "UNSAFE: a reader used a closed resource"
                : "INCOMPLETE: " + (retired - s.retired() - s.retireFailures()) + " retired resources were not closed");
        System.exit(ok ? 0 : 1);
    }

    private static Thread start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
