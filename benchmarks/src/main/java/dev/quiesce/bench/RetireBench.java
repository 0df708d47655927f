package dev.quiesce.bench;

import dev.quiesce.rcu.TasksRcu;
import java.util.concurrent.TimeUnit;
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
 * Cost of one {@link TasksRcu#retire(AutoCloseable)} from the caller's side: the store into the stripe's page,
 * plus, amortized, a page handed over every 256 calls. The grace periods and closes run on the domain's threads
 * meanwhile; {@code stats} at the end of the trial says how many calls had to wait inline for lack of a page.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RetireBench {
    private TasksRcu domain;
    private final AutoCloseable resource = () -> { };

    @Setup(Level.Trial)
    public void setUp() {
        domain = TasksRcu.builder().name("bench-retire").build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        domain.barrier();
        System.out.println("# " + domain.stats());
        domain.close();
    }

    @Benchmark
    public void retire() {
        domain.retire(resource);
    }
}
