package dev.quiesce.bench;

import dev.quiesce.rcu.TasksRcu;
import dev.quiesce.rcu.TasksRcuStats;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency of one grace period on a private {@link TasksRcu} domain, next to the JDK's own all-threads
 * handshake ({@code Arena.ofShared()} allocate + close, JDK 22+), under the same background load.
 *
 * <ul>
 *   <li>{@code busyThreads = 0}: every other thread of the JVM is parked or waiting.</li>
 *   <li>{@code busyThreads = 16}: 16 platform threads spin, CPU-bound, outside any read section.</li>
 *   <li>{@code reporting = true}: those threads call {@code Quiescence.report()} every 1024 iterations (hooks);
 *       with {@code false} a grace period clears them only by stack sampling. With 0 busy threads the two
 *       values are the same configuration, measured twice.</li>
 * </ul>
 *
 * <p>The domain registers one reader-frame class (as the agent registers its handlers), so a sample that does
 * not find it on a stack proves that thread quiescent; with nothing registered a spinning thread could never
 * be cleared by sampling. Domain counters per grace period are printed at the end of each trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GracePeriodBench {
    /** Iterations of a busy loop between two {@code Quiescence.report()} calls when reporting. */
    static final int REPORT_EVERY = 1024;

    @Param({"0", "16"})
    public int busyThreads;

    @Param({"false", "true"})
    public boolean reporting;

    private TasksRcu domain;
    private BusyThreads busy;

    /** Stands for a probe handler: the read-side code the domain's sampling looks for. Never runs here. */
    static final class ProbeHandler {
        private ProbeHandler() {}
    }

    @Setup(Level.Trial)
    public void setUp() {
        domain = TasksRcu.builder().name("bench").build();
        domain.readerFrames().add(ProbeHandler.class);
        busy = BusyThreads.start(busyThreads, reporting ? REPORT_EVERY : 0);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        busy.stop();
        TasksRcuStats s = domain.stats();
        domain.close();
        long gps = s.gracePeriodsCompleted();
        if (gps > 0) {
            System.out.printf("%n# domain: %d grace periods (%d expedited); per grace period: holdouts %.2f, "
                    + "samples %.2f (cleared %.2f), idle clears %.2f; stalls %d/%d%n", gps, s.expeditedCompleted(),
                    (double) s.holdoutsSeen() / gps, (double) s.samplesTaken() / gps,
                    (double) s.samplesCleared() / gps, (double) s.idleClears() / gps, s.stallInfos(),
                    s.stallWarnings());
        }
    }

    @Benchmark
    public void synchronize() {
        domain.synchronize();
    }

    @Benchmark
    public void synchronizeExpedited() {
        domain.synchronizeExpedited();
    }

    /** The reference: open a shared arena, allocate 8 bytes, close it (a handshake with every thread). */
    @Benchmark
    public Object sharedArenaClose(ArenaCheck check) throws Throwable {
        return SharedArena.allocateAndClose(8);
    }

    /** Fails the arena benchmark at setup, with the reason, on a JDK without {@code java.lang.foreign}. */
    @State(Scope.Benchmark)
    public static class ArenaCheck {
        @Setup(Level.Trial)
        public void check() {
            String why = SharedArena.unavailableReason();
            if (why != null) {
                throw new UnsupportedOperationException(why + "; exclude it with -e sharedArenaClose");
            }
        }
    }
}
