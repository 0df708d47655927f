package dev.quiesce.rcu;

/**
 * Whether JFR events are worth creating. Until a recording has started, creating the first event would load
 * several hundred JFR classes on the grace-period thread (measured at 0.4 to 1.3 s); so events are created
 * only once the flight recorder is initialized.
 */
final class Jfr {
    /** Without the {@code jdk.jfr} module no JFR class is touched (a failed lookup would throw each time). */
    private static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.jfr").isPresent();
    private static volatile boolean initialized;

    private Jfr() {}

    static boolean recording() {
        if (initialized) {
            return true;
        }
        if (!AVAILABLE) {
            return false;
        }
        try {
            initialized = jdk.jfr.FlightRecorder.isInitialized();
        } catch (LinkageError e) { // a runtime image without the jdk.jfr module
            return false;
        }
        return initialized;
    }
}
