package dev.quiesce.bench;

import dev.quiesce.rcu.Quiescence;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/** Cost of the quiescent-state hooks a thread calls itself: {@code report()}, and an offline/online pair. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class QuiescenceReportBench {
    @Benchmark
    public void report() {
        Quiescence.report();
    }

    @Benchmark
    public void offlineOnline() {
        Quiescence.offline();
        Quiescence.online();
    }
}
