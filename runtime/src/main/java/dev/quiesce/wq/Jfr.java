package dev.quiesce.wq;

/**
 * Whether JFR events are worth creating: only once the flight recorder is initialized, since the first event
 * otherwise loads several hundred JFR classes (the same rule as the grace-period engine's).
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
