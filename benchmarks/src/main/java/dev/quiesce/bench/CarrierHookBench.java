package dev.quiesce.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the carrier hooks add to a virtual thread's unmount/mount cycle (JDK 21+; run from the repository root,
 * the forks load {@code agent/target/quiesce-agent.jar} themselves, with and without the hooks):
 * {@code yield*}: one virtual thread calls {@code Thread.yield()} 1000 times (each yield unmounts and mounts
 * it: one call of each hook); {@code pingPong*}: two virtual threads hand a turn back and forth with
 * {@code park}/{@code unpark} 1000 times (two cycles per turn). Times are per yield and per turn.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CarrierHookBench {
    private static final String AGENT = "-javaagent:agent/target/quiesce-agent.jar";
    private static final int N = 1000;
    private static final MethodHandle START_VIRTUAL;

    static {
        MethodHandle h;
        try {
            h = MethodHandles.publicLookup().findStatic(Thread.class, "startVirtualThread",
                    MethodType.methodType(Thread.class, Runnable.class));
        } catch (ReflectiveOperationException e) {
            h = null; // JDK 17: the benchmarks fail with a message below
        }
        START_VIRTUAL = h;
    }

    private static Thread startVirtual(Runnable r) {
        if (START_VIRTUAL == null) {
            throw new IllegalStateException("CarrierHookBench needs JDK 21+");
        }
        try {
            return (Thread) START_VIRTUAL.invokeExact(r);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static void yields() throws InterruptedException {
        startVirtual(() -> {
            for (int i = 0; i < N; i++) {
                Thread.yield();
            }
        }).join();
    }

    private static void pingPong() throws InterruptedException {
        Thread[] pair = new Thread[2];
        volatile_turn[0] = 0;
        Runnable player0 = () -> play(pair, 0);
        Runnable player1 = () -> play(pair, 1);
        pair[0] = startVirtual(player0);
        pair[1] = startVirtual(player1);
        pair[0].join();
        pair[1].join();
    }

    /** Whose turn it is; the players park until it is theirs. */
    private static final int[] volatile_turn = new int[1];
    private static final java.lang.invoke.VarHandle TURN = MethodHandles.arrayElementVarHandle(int[].class);

    private static void play(Thread[] pair, int me) {
        for (int i = 0; i < N; i++) {
            while ((int) TURN.getVolatile(volatile_turn, 0) != me) {
                LockSupport.park();
            }
            TURN.setVolatile(volatile_turn, 0, 1 - me);
            Thread other;
            while ((other = pair[1 - me]) == null) {
                Thread.onSpinWait();
            }
            LockSupport.unpark(other);
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    @Fork(value = 2, jvmArgsAppend = AGENT + "=carrierHooks=false")
    public void yieldNoHooks() throws InterruptedException {
        yields();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    @Fork(value = 2, jvmArgsAppend = AGENT)
    public void yieldHooked() throws InterruptedException {
        yields();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    @Fork(value = 2, jvmArgsAppend = AGENT + "=carrierHooks=false")
    public void pingPongNoHooks() throws InterruptedException {
        pingPong();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    @Fork(value = 2, jvmArgsAppend = AGENT)
    public void pingPongHooked() throws InterruptedException {
        pingPong();
    }
}
