package dev.quiesce.agent.boot.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** JFR: a probe's version replaced by a new one; the old one is reported by a ProbeRemoved event. */
@Name("dev.quiesce.ProbeSwapped")
@Label("Probe Swapped")
@Category({"quiesce", "Probes"})
@Description("A probe's version replaced; the old version is reported as removed after its grace period")
@StackTrace(false)
final class ProbeSwappedEvent extends jdk.jfr.Event {
    @Label("Probe")
    String probe;
    @Label("Old Version")
    int oldVersion;
    @Label("New Version")
    int newVersion;
    @Label("Spec")
    @Description("The new version's spec in canonical text form")
    String spec;
    @Label("Sites")
    int sites;
    @Label("Relink")
    @Description("Time to link the new version in place of the old one")
    @Timespan(Timespan.NANOSECONDS)
    long relink;
    @Label("In Slot")
    @Description("True if the swap was one store into the probe's version slot, with no call site relinked")
    boolean inSlot;
}
