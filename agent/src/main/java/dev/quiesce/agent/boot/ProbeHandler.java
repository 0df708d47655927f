package dev.quiesce.agent.boot;

/**
 * A custom probe handler: the hook an operator-supplied class implements, or a library caller passes as an
 * object. Which methods run depends on the probe's site kind: entry sites call {@link #onEntry}, return and
 * exit sites {@link #onReturn}, throw and exit sites {@link #onThrow}; timing sites call the exits with the
 * invocation's latency.
 *
 * <p>The TASKS contract: a handler never blocks, parks, sleeps, waits, yields or does I/O, unless its probe is
 * declared sleepable (then it runs inside a {@code TasksTraceRcu} read section). A handler that throws is
 * contained: the exception is counted and the probe disabled past its error limit.
 */
public interface ProbeHandler {
    /** Called on entry with the receiver ({@code null} for static methods) and the arguments, boxed. */
    default void onEntry(MethodSite site, Object self, Object[] args) {}

    /**
     * Called on normal return with the returned value, boxed ({@code null} for void), and for timing probes
     * the nanoseconds since entry ({@code -1} when not timed, or when the entry was not seen by this version).
     */
    default void onReturn(MethodSite site, Object value, long nanos) {}

    /** Called when the method exits by throwing; {@code nanos} as for {@link #onReturn}. */
    default void onThrow(MethodSite site, Throwable thrown, long nanos) {}
}
