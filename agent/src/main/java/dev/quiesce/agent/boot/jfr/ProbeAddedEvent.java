package dev.quiesce.agent.boot.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR: a probe added and linked to the sites it matched. */
@Name("dev.quiesce.ProbeAdded")
@Label("Probe Added")
@Category({"quiesce", "Probes"})
@Description("A probe added and linked to every matching site")
@StackTrace(false)
final class ProbeAddedEvent extends jdk.jfr.Event {
    @Label("Probe")
    String probe;
    @Label("Version")
    int version;
    @Label("Spec")
    @Description("The probe's spec in canonical text form")
    String spec;
    @Label("Sites")
    @Description("Method sites linked (0 while no matching class is loaded)")
    int sites;
}
