package dev.quiesce.rcu;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** JFR: a grace period that has waited long for its holdouts (an informational line or a warning). */
@Name("dev.quiesce.GracePeriodStall")
@Label("Grace Period Stall")
@Category({"quiesce", "RCU"})
@Description("A grace period still waiting for holdout threads")
@StackTrace(false)
final class GracePeriodStallEvent extends jdk.jfr.Event {
    @Label("Domain")
    String domain;
    @Label("Sequence")
    long sequence;
    @Label("Age")
    @Timespan(Timespan.NANOSECONDS)
    long age;
    @Label("Warning")
    @Description("True for a stall warning, false for an informational line")
    boolean warning;
    @Label("Holdouts")
    int holdouts;
    @Label("Report")
    String report;
}
