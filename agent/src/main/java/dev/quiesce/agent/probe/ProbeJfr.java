package dev.quiesce.agent.probe;

import dev.quiesce.agent.boot.jfr.ProbeEvents;

/**
 * The periodic JFR event {@code dev.quiesce.ProbeStatistics}: one event per linked probe, from a hook JFR runs
 * on its periodic thread. The lifecycle events need no installation ({@link ProbeManager} emits them).
 *
 * <p>The hook is an object of this loader that JFR holds: {@link #close()} must run at detach, or the agent's
 * class loader stays reachable. The hook reads the manager without its lock (racy counts, like
 * {@code ProbeControl.list()}'s), so JFR's thread never waits for a retransformation.
 */
public final class ProbeJfr implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.quiesce.agent");

    private final Runnable unregister;

    private ProbeJfr(Runnable unregister) {
        this.unregister = unregister;
    }

    /**
     * Registers the statistics hook for {@code manager} (JFR registers it once the flight recorder is
     * initialized). Without the {@code jdk.jfr} module, or if JFR refuses it, nothing is registered.
     */
    public static ProbeJfr install(ProbeManager manager) {
        Runnable hook = () -> statistics(manager);
        try {
            return new ProbeJfr(ProbeEvents.registerStatistics(hook));
        } catch (RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "quiesce: no JFR probe statistics: " + e);
            return new ProbeJfr(() -> { });
        }
    }

    private static void statistics(ProbeManager manager) {
        for (Probe p : manager.linked()) {
            ProbeVersion v = p.current();
            ProbeEvents.statistics(p.name(), v.number(), v.sites().size(), v.hits(), v.errors());
        }
    }

    /** Unregisters the hook (idempotent). */
    @Override
    public void close() {
        unregister.run();
    }
}
