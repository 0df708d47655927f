package dev.quiesce.agent.boot.jfr;

import dev.quiesce.agent.boot.RemovalReport;

/**
 * The agent's JFR events ({@code dev.quiesce.Probe*}, category quiesce / Probes), emitted by the tooling
 * classes through these methods, which name no JFR type. The event classes live here, on the bootstrap class
 * path, because JFR keeps every event class it has seen: a class of the agent's own loader would pin that
 * loader after detach.
 *
 * <p>JFR is optional: without the {@code jdk.jfr} module no JFR class is loaded and every method does nothing.
 * As in the runtime, no event object is created before the flight recorder is initialized (creating the first
 * one loads and registers JFR's metadata), and lifecycle events never throw into the operation they report.
 * The hit path ({@link #hitEnabled()}) is a volatile read and a flag: it neither allocates nor locks.
 */
public final class ProbeEvents {
    /** The {@code jdk.jfr} module is in the boot layer; without it {@link Jfr} is never touched. */
    private static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.jfr").isPresent();
    private static volatile boolean initialized;

    private ProbeEvents() {}

    /** True if the {@code jdk.jfr} module is present. */
    public static boolean available() {
        return AVAILABLE;
    }

    /** True once the flight recorder is initialized; events are created only from then on. */
    static boolean recording() {
        if (initialized) {
            return true;
        }
        if (!AVAILABLE) {
            return false;
        }
        try {
            if (Jfr.initialized()) {
                recorderInitialized();
            }
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
        return initialized;
    }

    /** The recorder is initialized: from here on events are created, and hits check their type's flag. */
    static void recorderInitialized() {
        try {
            Jfr.prepareHits();
        } catch (RuntimeException e) {
            // the hit event could not be registered: hits are never recorded, the other events still are
        }
        initialized = true;
    }

    /**
     * True if a recording has {@code dev.quiesce.ProbeHit} enabled. For handlers: lock-free, allocation-free;
     * false until the recorder is initialized and a lifecycle event or the statistics hook has looked the
     * event type up.
     */
    public static boolean hitEnabled() {
        return AVAILABLE && Jfr.hitEnabled();
    }

    /**
     * {@code dev.quiesce.ProbeHit}, from the thread that hit the site; call only when {@link #hitEnabled()}.
     *
     * @param nanos the invocation's latency at timing sites, else -1
     */
    public static void hit(String probe, int version, String site, String kind, String text, long nanos) {
        Jfr.hit(probe, version, site, kind, text, nanos);
    }

    /** {@code dev.quiesce.ProbeAdded}: a probe linked by {@code add}. */
    public static void added(String probe, int version, String spec, int sites) {
        if (recording()) {
            try {
                Jfr.added(probe, version, spec, sites);
            } catch (RuntimeException | LinkageError e) {
                // an event must never fail the operation it reports
            }
        }
    }

    /** {@code dev.quiesce.ProbeSwapped}: a probe's version replaced by {@code swap}. */
    public static void swapped(String probe, int oldVersion, int newVersion, String spec, int sites,
            long relinkNanos, boolean inSlot) {
        if (recording()) {
            try {
                Jfr.swapped(probe, oldVersion, newVersion, spec, sites, relinkNanos, inSlot);
            } catch (RuntimeException | LinkageError e) {
                // an event must never fail the operation it reports
            }
        }
    }

    /** {@code dev.quiesce.ProbeRemoved}: a version's final report, after its grace period. */
    public static void removed(RemovalReport report) {
        if (recording()) {
            try {
                Jfr.removed(report);
            } catch (RuntimeException | LinkageError e) {
                // an event must never fail the operation it reports
            }
        }
    }

    /** {@code dev.quiesce.ProbeDisabled}: the agent is removing a probe (error limit or overhead budget). */
    public static void disabled(String probe, int version, String reason, long errors, Throwable lastError) {
        if (recording()) {
            try {
                Jfr.disabled(probe, version, reason, errors, lastError == null ? null : lastError.toString());
            } catch (RuntimeException | LinkageError e) {
                // an event must never fail the operation it reports
            }
        }
    }

    /** {@code dev.quiesce.ProbeStatistics}, one linked probe's counts; call from the statistics hook only. */
    public static void statistics(String probe, int version, int sites, long hits, long errors) {
        Jfr.statistics(probe, version, sites, hits, errors);
    }

    /**
     * Registers {@code hook} as the periodic hook of {@code dev.quiesce.ProbeStatistics}, at once if the
     * recorder is initialized, else when it is. The hook calls {@link #statistics} once per linked probe.
     *
     * @return what unregisters the hook (and the listener that waits for the recorder); it must run before the
     *         hook's class loader can be collected. Without {@code jdk.jfr}, it does nothing
     * @throws RuntimeException if JFR refuses the listener (a security manager, for one)
     */
    public static Runnable registerStatistics(Runnable hook) {
        if (!AVAILABLE) {
            return () -> { };
        }
        return Jfr.registerStatistics(hook);
    }
}
