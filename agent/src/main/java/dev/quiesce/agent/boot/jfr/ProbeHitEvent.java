package dev.quiesce.agent.boot.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * JFR: one hit a capture or stack probe recorded (after its sampling and limits), committed on the thread that
 * hit the site. Disabled unless a recording enables it.
 */
@Name("dev.quiesce.ProbeHit")
@Label("Probe Hit")
@Category({"quiesce", "Probes"})
@Description("A hit recorded by a capture or stack probe: arguments, returned value, exception or folded stack")
@Enabled(false)
@StackTrace(false)
final class ProbeHitEvent extends jdk.jfr.Event {
    @Label("Probe")
    String probe;
    @Label("Version")
    int version;
    @Label("Site")
    @Description("The instrumented method")
    String site;
    @Label("Kind")
    @Description("entry, return, throw or stack")
    String kind;
    @Label("Text")
    @Description("The arguments, returned value, exception or folded stack, rendered safely and cut to maxBytes")
    String text;
    @Label("Latency")
    @Description("At timing sites the invocation's latency, else N/A")
    @Timespan(Timespan.NANOSECONDS)
    long latency;
}
