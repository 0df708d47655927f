package dev.quiesce.agent.boot.jfr;

import dev.quiesce.agent.boot.RemovalReport;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;

/**
 * Everything that touches {@code jdk.jfr}: {@link ProbeEvents} calls in here only once it knows the module is
 * present, so without it no JFR class is ever loaded.
 */
final class Jfr {
    /** The hit event's type, looked up off the hit path; null until the recorder is initialized. */
    private static volatile EventType hitType;

    private Jfr() {}

    static boolean initialized() {
        return FlightRecorder.isInitialized();
    }

    /** Once the recorder is initialized: looks up the hit event's type, so that hits can check it lock-free. */
    static void prepareHits() {
        if (hitType == null) {
            hitType = EventType.getEventType(ProbeHitEvent.class);
        }
    }

    /** Lock-free and allocation-free: a volatile read and the type's enabled flag. */
    static boolean hitEnabled() {
        EventType t = hitType;
        return t != null && t.isEnabled();
    }

    static void hit(String probe, int version, String site, String kind, String text, long nanos) {
        ProbeHitEvent e = new ProbeHitEvent();
        if (e.shouldCommit()) {
            e.probe = probe;
            e.version = version;
            e.site = site;
            e.kind = kind;
            e.text = text;
            e.latency = nanos >= 0 ? nanos : Long.MIN_VALUE; // N/A in jfr print
            e.commit();
        }
    }

    static void added(String probe, int version, String spec, int sites) {
        ProbeAddedEvent e = new ProbeAddedEvent();
        if (e.shouldCommit()) {
            e.probe = probe;
            e.version = version;
            e.spec = spec;
            e.sites = sites;
            e.commit();
        }
    }

    static void swapped(String probe, int oldVersion, int newVersion, String spec, int sites, long relinkNanos,
            boolean inSlot) {
        ProbeSwappedEvent e = new ProbeSwappedEvent();
        if (e.shouldCommit()) {
            e.probe = probe;
            e.oldVersion = oldVersion;
            e.newVersion = newVersion;
            e.spec = spec;
            e.sites = sites;
            e.relink = relinkNanos;
            e.inSlot = inSlot;
            e.commit();
        }
    }

    static void removed(RemovalReport r) {
        ProbeRemovedEvent e = new ProbeRemovedEvent();
        if (e.shouldCommit()) {
            e.probe = r.probe();
            e.version = r.version();
            e.reason = r.reason();
            e.sites = r.sites();
            e.unlink = r.unlinkNanos();
            e.gracePeriod = r.gracePeriodNanos();
            e.gracePeriods = r.gracePeriods();
            e.holdouts = r.holdoutsSeen();
            e.samples = r.samplesTaken();
            e.hits = r.hits();
            e.errors = r.errors();
            e.unpaired = r.unpaired();
            e.suppressed = r.suppressed();
            e.dropped = r.dropped();
            e.commit();
        }
    }

    static void disabled(String probe, int version, String reason, long errors, String lastError) {
        ProbeDisabledEvent e = new ProbeDisabledEvent();
        if (e.shouldCommit()) {
            e.probe = probe;
            e.version = version;
            e.reason = reason;
            e.errors = errors;
            e.lastError = lastError;
            e.commit();
        }
    }

    /** From the periodic hook only. */
    static void statistics(String probe, int version, int sites, long hits, long errors) {
        ProbeStatisticsEvent e = new ProbeStatisticsEvent();
        if (e.shouldCommit()) {
            e.probe = probe;
            e.version = version;
            e.sites = sites;
            e.hits = hits;
            e.errors = errors;
            e.commit();
        }
    }

    static Runnable registerStatistics(Runnable hook) {
        StatisticsHook h = new StatisticsHook(hook);
        FlightRecorder.addListener(h); // calls recorderInitialized at once if the recorder is initialized
        return h::close;
    }

    /**
     * Registers itself as the periodic hook of the statistics event once the recorder is initialized:
     * registering it earlier would load and initialize JFR's metadata (about a hundred classes, 0.3 s) at agent
     * start in every process, recording or not. It forwards to {@code hook}, which {@link #close} drops, so
     * that whatever JFR keeps of a removed hook (its periodic thread's batches are rebuilt only when it next
     * runs) is this boot-class object, which pins nothing of the agent's loader.
     *
     * <p>{@code hook} is cleared before the removal and read after the registration, so a registration racing
     * with {@code close} is undone by one side or the other.
     */
    private static final class StatisticsHook implements FlightRecorderListener, Runnable {
        private volatile Runnable hook;
        private final AtomicBoolean added = new AtomicBoolean();

        StatisticsHook(Runnable hook) {
            this.hook = hook;
        }

        @Override
        public void run() {
            Runnable h = hook;
            if (h != null) {
                h.run();
            }
        }

        @Override
        public void recorderInitialized(FlightRecorder recorder) {
            ProbeEvents.recorderInitialized();
            if (hook == null || !added.compareAndSet(false, true)) {
                return;
            }
            FlightRecorder.addPeriodicEvent(ProbeStatisticsEvent.class, this);
            if (hook == null) {
                FlightRecorder.removePeriodicEvent(this);
            }
        }

        void close() {
            hook = null;
            FlightRecorder.removeListener(this);
            if (added.get()) {
                FlightRecorder.removePeriodicEvent(this);
            }
        }
    }
}
