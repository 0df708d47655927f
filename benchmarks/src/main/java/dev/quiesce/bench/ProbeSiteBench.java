package dev.quiesce.bench;

import dev.quiesce.agent.boot.MethodSite;
import dev.quiesce.agent.boot.ProbeControl;
import dev.quiesce.agent.boot.ProbeHandler;
import example.bench.Pricing;
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
 * What a probe site costs the instrumented method, per call, with the agent loaded in every fork
 * ({@code -jvmArgsAppend -javaagent:agent/target/quiesce-agent.jar}):
 * {@code uninstrumented} (the method was never woven), {@code idleSite} (woven, its probe added and removed:
 * no-op targets), {@code count} (an entry count probe), {@code hist} (a timing probe with a log2 histogram:
 * two {@code System.nanoTime()} calls per invocation), {@code histSampled} (the same with {@code sample=64}: every
 * call counted, one in 64 at random timed), each inlined into the caller and not.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ProbeSiteBench {
    @Param({"uninstrumented", "idleSite", "count", "hist", "histSampled", "handler"})
    public String probe;

    private long x;
    private ProbeControl control;

    @Setup(Level.Trial)
    public void setUp() {
        control = AgentForBench.control();
        switch (probe) {
            case "uninstrumented":
                break;
            case "idleSite":
                control.add("entry example.bench.Pricing#price* count name=bench");
                control.remove("bench").join();
                break;
            case "count":
                control.add("entry example.bench.Pricing#price* count name=bench");
                break;
            case "hist":
                control.add("timing example.bench.Pricing#price* hist name=bench");
                break;
            case "histSampled":
                control.add("timing example.bench.Pricing#price* hist sample=64 name=bench");
                break;
            case "handler":
                control.add("entry example.bench.Pricing#price* handler=" + NoOpHandler.class.getName() + " name=bench",
                        new NoOpHandler());
                break;
            default:
                throw new IllegalArgumentException(probe);
        }
    }

    /** A handler object that does nothing: what a handler probe costs around it (boxing, slot, read section). */
    public static final class NoOpHandler implements ProbeHandler {
        @Override
        public void onEntry(MethodSite site, Object self, Object[] args) {
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (!control.list().isEmpty()) {
            System.out.println("# " + control.remove("bench").join());
        }
    }

    @Benchmark
    public long inlined() {
        return Pricing.price(x++);
    }

    @Benchmark
    public long notInlined() {
        return Pricing.priceNotInlined(x++);
    }
}
