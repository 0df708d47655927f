package dev.quiesce.agent.boot.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR: a probe being removed by the agent because it reached its error limit or went over a budget. */
@Name("dev.quiesce.ProbeDisabled")
@Label("Probe Disabled")
@Category({"quiesce", "Probes"})
@Description("A probe removed by the agent: its handler reached the error limit, or it went over an overhead budget")
@StackTrace(false)
final class ProbeDisabledEvent extends jdk.jfr.Event {
    @Label("Probe")
    String probe;
    @Label("Version")
    int version;
    @Label("Reason")
    String reason;
    @Label("Errors")
    @Description("Handler exceptions contained so far")
    long errors;
    @Label("Last Error")
    @Description("The handler's last exception, if any")
    String lastError;
}
