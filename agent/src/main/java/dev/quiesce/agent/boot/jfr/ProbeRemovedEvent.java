package dev.quiesce.agent.boot.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** JFR: a probe version's removal report, committed once its grace period has ended (final counts). */
@Name("dev.quiesce.ProbeRemoved")
@Label("Probe Removed")
@Category({"quiesce", "Probes"})
@Description("A probe version removed, swapped out, disabled or detached; its counts are final")
@StackTrace(false)
final class ProbeRemovedEvent extends jdk.jfr.Event {
    @Label("Probe")
    String probe;
    @Label("Version")
    int version;
    @Label("Reason")
    @Description("removed, swapped, detached, or why the probe was disabled")
    String reason;
    @Label("Sites")
    int sites;
    @Label("Unlink")
    @Description("Time to relink every site without the version")
    @Timespan(Timespan.NANOSECONDS)
    long unlink;
    @Label("Grace Period")
    @Description("From the end of the unlink until the grace period ended")
    @Timespan(Timespan.NANOSECONDS)
    long gracePeriod;
    @Label("Grace Periods")
    @Description("Grace periods completed meanwhile (shared with other callers)")
    long gracePeriods;
    @Label("Holdouts")
    @Description("Threads those grace periods had to wait for or check again")
    long holdouts;
    @Label("Samples")
    @Description("Stack samples those grace periods took")
    long samples;
    @Label("Hits")
    long hits;
    @Label("Errors")
    @Description("Handler exceptions contained")
    long errors;
    @Label("Unpaired")
    @Description("Timed exits whose entry this version did not stamp")
    long unpaired;
    @Label("Suppressed")
    @Description("Capture probes: hits not captured because of sampling or limits")
    long suppressed;
    @Label("Dropped")
    @Description("Capture probes: events dropped on a full ring")
    long dropped;
}
