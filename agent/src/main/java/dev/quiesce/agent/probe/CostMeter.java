package dev.quiesce.agent.probe;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a budgeted probe version's handlers cost, estimated by timing one call in 256 per thread: calls are
 * counted per thread slot with plain increments (an update lost to a slot shared by two threads only makes the
 * estimate a little low; this is sampling, not accounting), and the sampled calls' time is summed.
 *
 * <p>{@link #wrap} puts a handler between {@code start} and {@code end}; a handler that throws loses its sample.
 * Fields: {@code ticks} racy per-slot counters (padded), written by handler threads, read racily by the budget
 * check; the sums are adders.
 */
final class CostMeter {
    private static final int SLOTS = 64;
    private static final int PAD = 8;
    private static final long SAMPLE_MASK = 255;
    private static final MethodHandle START;
    private static final MethodHandle END;
    /**
     * What timing an empty interval costs (two {@code nanoTime} reads), subtracted from every sample: without it
     * a 1 ns handler would be measured at the clock's 25 to 50 ns.
     */
    static final long CLOCK_FLOOR_NANOS = clockFloor();

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            START = l.findVirtual(CostMeter.class, "start", MethodType.methodType(long.class));
            END = l.findVirtual(CostMeter.class, "end", MethodType.methodType(void.class, long.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long[] ticks = new long[SLOTS * PAD];
    private final LongAdder sampledNanos = new LongAdder();
    private final LongAdder sampledCalls = new LongAdder();

    /** {@code h} with this meter around it (same type). */
    MethodHandle wrap(MethodHandle h) {
        MethodHandle hFirst = MethodHandles.dropArguments(h, 0, long.class); // (start, args)
        MethodHandle endAfter = MethodHandles.dropArguments(END.bindTo(this), 1, h.type().parameterList());
        MethodHandle body = MethodHandles.foldArguments(endAfter, hFirst); // h(args); end(start)
        return MethodHandles.foldArguments(body, START.bindTo(this)); // start = start(); body(start, args)
    }

    long start() {
        int slot = ((int) Thread.currentThread().getId() & (SLOTS - 1)) * PAD;
        long n = ++ticks[slot]; // racy on a shared slot, which only lowers the estimate
        return (n & SAMPLE_MASK) == 0 ? System.nanoTime() : 0;
    }

    void end(long start) {
        if (start != 0) {
            sampledNanos.add(Math.max(0, System.nanoTime() - start - CLOCK_FLOOR_NANOS));
            sampledCalls.increment();
        }
    }

    /** The smallest of many back-to-back clock differences. */
    private static long clockFloor() {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 10_000; i++) {
            long a = System.nanoTime();
            long b = System.nanoTime();
            min = Math.min(min, b - a);
        }
        return min;
    }

    /** Calls so far (racy, a little low). */
    long calls() {
        long n = 0;
        for (int i = 0; i < SLOTS; i++) {
            n += ticks[i * PAD];
        }
        return n;
    }

    /** Mean nanoseconds per sampled call, or -1 before enough samples. */
    double meanNanos() {
        long c = sampledCalls.sum();
        return c < 4 ? -1 : (double) sampledNanos.sum() / c;
    }
}
