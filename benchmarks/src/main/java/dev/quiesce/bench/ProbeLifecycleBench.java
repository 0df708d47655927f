package dev.quiesce.bench;

import dev.quiesce.agent.boot.ProbeControl;
import dev.quiesce.agent.boot.ProbeHandler;
import example.bench.Pricing;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongUnaryOperator;
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

    /**
     * A probe on a method another thread calls nonstop, so its site is hot in compiled code; each swap waits
     * out the previous one's grace period first, outside the timing.
     */
    public abstract static class HotProbe {
        private final String name;
        private final String spec;
        private final LongUnaryOperator method;
        private final AtomicBoolean stop = new AtomicBoolean();
        private Thread caller;
        volatile long sink;
        private ProbeControl control;
        private CompletableFuture<?> previous = CompletableFuture.completedFuture(null);

        HotProbe(String name, String spec, LongUnaryOperator method) {
            this.name = name;
            this.spec = spec;
            this.method = method;
        }

        /** The handler object a swap links, or null for a built-in action. */
        abstract ProbeHandler newHandler();

        @Setup(Level.Trial)
        public void setUp() {
            control = AgentForBench.control();
            ProbeHandler h = newHandler();
            if (h == null) {
                control.add(spec);
            } else {
                control.add(spec, h);
            }
            caller = new Thread(() -> {
                long s = 0;
                for (long i = 0; !stop.get(); i++) {
                    s += method.applyAsLong(i);
                }
                sink = s;
            }, "hot-caller");
            caller.setDaemon(true);
            caller.start();
        }

        @Setup(Level.Invocation)
        public void awaitPreviousGracePeriod() {
            Reports.await(previous);
        }

        CompletableFuture<?> swap() {
            ProbeHandler h = newHandler();
            previous = h == null ? control.swap(name, spec) : control.swap(name, spec, h);
            return previous;
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            stop.set(true);
            caller.join();
            System.out.println("# " + Reports.await(control.remove(name)));
        }
    }

    /** A count probe on {@link Pricing#price}: swaps relink it. */
    @State(Scope.Benchmark)
    public static class HotSite extends HotProbe {
        public HotSite() {
            super("hot", "entry example.bench.Pricing#price count name=hot", Pricing::price);
        }

        @Override
        ProbeHandler newHandler() {
            return null;
        }
    }

    /** A handler that does nothing: what is swapped is the version in the probe's slot. */
    public static class NoopHandler implements ProbeHandler {
    }

    /** A handler probe on {@link Pricing#priceNotInlined}: swaps store into its version slot. */
    @State(Scope.Benchmark)
    public static class HotHandler extends HotProbe {
        public HotHandler() {
            super("hot-handler", "entry example.bench.Pricing#priceNotInlined "
                    + "handler=dev.quiesce.bench.ProbeLifecycleBench$NoopHandler name=hot-handler",
                    Pricing::priceNotInlined);
        }

        @Override
        ProbeHandler newHandler() {
            return new NoopHandler();
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
        return hot.swap();
    }

    @Benchmark
    public Object swapHotHandler(HotHandler hot) {
        return hot.swap();
    }

    @Benchmark
    public Object removeIdle() {
        return Reports.await(control.remove("idle"));
    }
}
