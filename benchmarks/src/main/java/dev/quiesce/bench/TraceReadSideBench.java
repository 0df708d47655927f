package dev.quiesce.bench;

import dev.quiesce.rcu.TasksTraceRcu;
import java.lang.invoke.VarHandle;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one {@link TasksTraceRcu} read section ({@code readLock()} + {@code readUnlock()}, empty body), with
 * baselines for scale: an empty method, a volatile increment of a per-thread counter, a {@code ThreadLocal}
 * lookup (the lock side does one), and a full fence (the lock side executes one on JDK 17 to 21). No grace period runs meanwhile. {@link TwoThreads} runs the same methods on two
 * threads at once, each with its own counters.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class TraceReadSideBench {
    private TasksTraceRcu trace;

    @State(Scope.Thread)
    public static class Counter {
        volatile long value;
    }

    @Setup(Level.Trial)
    public void setUp() {
        trace = TasksTraceRcu.create("bench-trace");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        trace.close();
    }

    @Benchmark
    public void empty() {
        // baseline: the harness's own cost per call
    }

    @Benchmark
    public void volatileIncrement(Counter c) {
        c.value++;
    }

    private static final ThreadLocal<Object> LOCAL = ThreadLocal.withInitial(Object::new);

    /** What {@code readLock()} pays to find the thread's counters. */
    @Benchmark
    public Object threadLocalGet() {
        return LOCAL.get();
    }

    @Benchmark
    public void fullFence() {
        VarHandle.fullFence();
    }

    @Benchmark
    public int readLockUnlock() {
        int token = trace.readLock();
        trace.readUnlock(token);
        return token;
    }

    /** The same benchmarks on two threads. */
    @Threads(2)
    public static class TwoThreads extends TraceReadSideBench {
    }
}
