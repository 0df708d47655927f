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
 *   <li>{@code busyThreads = 16}: 16 threads spin, CPU-bound, outside any read section (platform or virtual:
 *       {@code busyKind}).</li>
 *   <li>{@code reporting = true}: those threads call {@code Quiescence.report()} every 1024 iterations (hooks);
 *       with {@code false} a grace period clears them only by stack sampling. With 0 busy threads the two
 *       values are the same configuration, measured twice.</li>
 *   <li>{@code busyKind = platform}: the busy threads are platform threads, as above. {@code virtual}: they are
 *       virtual threads on the default scheduler, which grace periods see only through the agent's carrier
 *       hooks (JDK 21+; the fork must load the agent, {@code -jvmArgsAppend
 *       -javaagent:agent/target/quiesce-agent.jar=control=false} from the repository root, or the trial fails
 *       at setup). With {@code reporting = true} a virtual thread calls {@code Thread.yield()} every 1024
 *       iterations instead of reporting (its reports are ignored): the unmount is its carrier's quiescent
 *       state. With {@code false} it never yields, so only as many run as there are carriers, and a grace
 *       period clears a carrier by sampling the virtual thread mounted on it. With 0 busy threads the kind
 *       makes no difference.</li>
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
    /** Iterations of a busy loop between two {@code Quiescence.report()} (or {@code Thread.yield()}) calls. */
    static final int REPORT_EVERY = 1024;

    @Param({"0", "16"})
    public int busyThreads;

    @Param({"false", "true"})
    public boolean reporting;

    @Param({"platform", "virtual"})
    public String busyKind;

    private TasksRcu domain;
    private BusyThreads busy;

    /** Stands for a probe handler: the read-side code the domain's sampling looks for. Never runs here. */
    static final class ProbeHandler {
        private ProbeHandler() {}
    }

    @Setup(Level.Trial)
    public void setUp() {
        boolean virtual;
        switch (busyKind) {
            case "platform" -> virtual = false;
            case "virtual" -> virtual = true;
            default -> throw new IllegalArgumentException("busyKind must be platform or virtual, got " + busyKind);
        }
        if (virtual && busyThreads > 0) { // before anything starts: a failed setup gets no teardown
            String why = VirtualThreads.carrierHooksMissingReason();
            if (why != null) {
                throw new UnsupportedOperationException("busyKind=virtual: " + why);
            }
        }
        domain = TasksRcu.builder().name("bench").build();
        domain.readerFrames().add(ProbeHandler.class);
        int every = reporting ? REPORT_EVERY : 0;
        busy = virtual ? BusyThreads.startVirtual(busyThreads, every) : BusyThreads.start(busyThreads, every);
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
