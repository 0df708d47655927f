package dev.quiesce.bench;

import dev.quiesce.agent.boot.ProbeControl;
import example.bench.Pricing;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Probe lifecycle latencies with the agent loaded ({@code -jvmArgsAppend -javaagent:...}):
 * {@code swapHotSite}, one {@code swap} call (the relink; the old version's grace period runs behind it) while
 * another thread calls the probed method nonstop, so the site is hot in compiled code; the previous swap's grace
 * period is awaited before each call, outside the timing (a grace period that samples the busy thread stops
 * every thread at a safepoint, the swapping one too); {@code removeIdle}, one
 * {@code remove(...).join()} end to end (unlink, grace period, close, report) on a service doing nothing, the
 * probe added again before each call (outside the timing); {@code swapHotHandler}, the same swap for a probe
 * whose action is a handler object: a store into the probe's version slot, no relink.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ProbeLifecycleBench {
    private ProbeControl control;

    /** A thread that keeps {@link Pricing#price} hot while swaps relink it. */
    @State(Scope.Benchmark)
    public static class HotSite {
        private final AtomicBoolean stop = new AtomicBoolean();
        private Thread caller;
        volatile long sink;
        ProbeControl control;
        java.util.concurrent.CompletableFuture<?> previous = java.util.concurrent.CompletableFuture.completedFuture(null);

        @Setup(Level.Invocation)
        public void awaitPreviousGracePeriod() {
            previous.join();
        }

        @Setup(Level.Trial)
        public void setUp() {
            control = AgentForBench.control();
            control.add("entry example.bench.Pricing#price count name=hot");
            caller = new Thread(() -> {
                long s = 0;
                for (long i = 0; !stop.get(); i++) {
                    s += Pricing.price(i);
                }
                sink = s;
            }, "hot-caller");
            caller.setDaemon(true);
            caller.start();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            stop.set(true);
            caller.join();
            System.out.println("# " + control.remove("hot").join());
        }
    }

    /** A handler that does nothing: what is swapped is the version in the probe's slot. */
    public static class NoopHandler implements dev.quiesce.agent.boot.ProbeHandler {
    }

    /** A thread that keeps {@link Pricing#priceNotInlined} hot under a handler probe. */
    @State(Scope.Benchmark)
    public static class HotHandler {
        static final String SPEC = "entry example.bench.Pricing#priceNotInlined "
                + "handler=dev.quiesce.bench.ProbeLifecycleBench$NoopHandler name=hot-handler";
        private final AtomicBoolean stop = new AtomicBoolean();
        private Thread caller;
        volatile long sink;
        ProbeControl control;
        java.util.concurrent.CompletableFuture<?> previous = java.util.concurrent.CompletableFuture.completedFuture(null);

        @Setup(Level.Trial)
        public void setUp() {
            control = AgentForBench.control();
            control.add(SPEC, new NoopHandler());
            caller = new Thread(() -> {
                long s = 0;
                for (long i = 0; !stop.get(); i++) {
                    s += Pricing.priceNotInlined(i);
                }
                sink = s;
            }, "hot-handler-caller");
            caller.setDaemon(true);
            caller.start();
        }

        @Setup(Level.Invocation)
        public void awaitPreviousGracePeriod() {
            previous.join();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            stop.set(true);
            caller.join();
            System.out.println("# " + control.remove("hot-handler").join());
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        control = AgentForBench.control();
        long s = 0;
        for (int i = 0; i < 1_000_000; i++) {
            s += Pricing.priceNotInlined(i); // compiled before any probe
        }
        if (s == 42) {
            throw new AssertionError();
        }
    }

    @Setup(Level.Invocation)
    public void addIdleProbe() {
        if (control.list().stream().noneMatch(p -> p.name().equals("idle"))) {
            control.add("entry example.bench.Pricing#priceNotInlined count name=idle");
        }
    }

    @Benchmark
    public Object swapHotSite(HotSite hot) {
        return hot.previous = hot.control.swap("hot", "entry example.bench.Pricing#price count name=hot");
    }

    @Benchmark
    public Object swapHotHandler(HotHandler hot) {
        return hot.previous = hot.control.swap("hot-handler", HotHandler.SPEC, new NoopHandler());
    }

    @Benchmark
    public Object removeIdle() {
        return control.remove("idle").join();
    }
}
