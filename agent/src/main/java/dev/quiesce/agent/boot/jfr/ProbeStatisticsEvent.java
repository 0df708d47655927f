package dev.quiesce.agent.boot.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/** JFR, periodic: one event per linked probe with its racy running counts. */
@Name("dev.quiesce.ProbeStatistics")
@Label("Probe Statistics")
@Category({"quiesce", "Probes"})
@Description("A linked probe's version and running counts")
@Period("1 s")
@StackTrace(false)
final class ProbeStatisticsEvent extends jdk.jfr.Event {
    @Label("Probe")
    String probe;
    @Label("Version")
    int version;
    @Label("Sites")
    int sites;
    @Label("Hits")
    @Description("Handler invocations of the linked version so far")
    long hits;
    @Label("Errors")
    @Description("Handler exceptions contained so far")
    long errors;
}
