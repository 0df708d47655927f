package dev.quiesce.rcu;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A scripted {@link ThreadView}: tests set each thread's state, stack and CPU time, and the clock. */
final class FakeThreadView implements ThreadView {
    final Map<Thread, Thread.State> states = new LinkedHashMap<>();
    final Map<Thread, StackTraceElement[]> stacks = new HashMap<>();
    final Map<Thread, Long> cpu = new HashMap<>();
    final List<Thread> sampled = new ArrayList<>();
    long now = 1_000_000_000L;
    boolean fencedReturn = true;
    /** Many, so that only the tests of overcommitment see an overcommitted machine. */
    int processors = 64;
    /** Whether {@link #processBarrier()} is offered, and every call to it as the sample count at that time. */
    boolean barrier;
    final List<Integer> barriersAtSample = new ArrayList<>();

    Thread add(String name, Thread.State state, StackTraceElement... stack) {
        Thread t = new Thread(() -> {}, name);
        states.put(t, state);
        stacks.put(t, stack);
        cpu.put(t, 0L);
        return t;
    }

    @Override
    public Thread[] platformThreads() {
        return states.keySet().toArray(new Thread[0]);
    }

    @Override
    public Thread.State state(Thread t) {
        return states.getOrDefault(t, Thread.State.TERMINATED);
    }

    @Override
    public StackTraceElement[][] sample(List<Thread> threads) {
        StackTraceElement[][] out = new StackTraceElement[threads.size()][];
        for (int i = 0; i < out.length; i++) {
            Thread t = threads.get(i);
            sampled.add(t);
            out[i] = state(t) == Thread.State.TERMINATED && !stacks.containsKey(t) ? null : stacks.get(t);
        }
        return out;
    }

    @Override
    public long cpuTimeNanos(Thread t) {
        return cpu.getOrDefault(t, -1L);
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public boolean processBarrier() {
        if (barrier) {
            barriersAtSample.add(sampled.size());
        }
        return barrier;
    }

    @Override
    public int processors() {
        return processors;
    }

    @Override
    public boolean fencedReturnFromWaiting() {
        return fencedReturn;
    }

    static StackTraceElement frame(String cls, String method, boolean nativeMethod) {
        return new StackTraceElement(cls, method, nativeMethod ? null : "X.java", nativeMethod ? -2 : 1);
    }
}
