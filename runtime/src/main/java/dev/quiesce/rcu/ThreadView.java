package dev.quiesce.rcu;

import java.util.List;

/**
 * What the grace-period engine can see of the JVM's threads. The real view is {@link JvmThreadView};
 * tests substitute their own to step the engine through exact situations.
 */
interface ThreadView {
    /** Every live platform thread (carriers included, virtual threads excluded). */
    Thread[] platformThreads();

    Thread.State state(Thread t);

    /**
     * Ends a sample that holds only the innermost frames of a deeper stack: the frames left out may be inside
     * a read section, so such a sample proves nothing ({@link ReaderFrames} never accepts it).
     */
    StackTraceElement TRUNCATED = new StackTraceElement("dev.quiesce.rcu.ThreadView", "truncated", null, -1);

    /**
     * Stack samples of {@code threads}, in order; an element is null when the thread could not be sampled
     * (it terminated). May sample all of them in one safepoint. A sample cut short by a depth limit ends with
     * {@link #TRUNCATED}.
     */
    StackTraceElement[][] sample(List<Thread> threads);

    /** CPU time the thread has consumed, in nanoseconds, or -1 when unavailable. */
    long cpuTimeNanos(Thread t);

    long nanoTime();

    /** CPUs available to the JVM. */
    default int processors() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * True when a thread returning from park, sleep or wait executes a full fence before it runs Java code
     * again (HotSpot's native-method return path; not so under {@code -XX:+UseSystemMemoryBarrier}).
     */
    default boolean fencedReturnFromWaiting() {
        return true;
    }

    /**
     * Runs a memory barrier that every Java thread takes part in ({@link ProcessBarrier}), if the JVM offers
     * one; returns false, having done nothing, if it does not.
     */
    default boolean processBarrier() {
        return false;
    }
}
