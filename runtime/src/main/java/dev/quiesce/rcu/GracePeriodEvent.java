package dev.quiesce.rcu;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR: one grace period, from its start to its completion. */
@Name("dev.quiesce.GracePeriod")
@Label("Grace Period")
@Category({"quiesce", "RCU"})
@Description("A grace period of a quiesce domain")
@StackTrace(false)
final class GracePeriodEvent extends jdk.jfr.Event {
    @Label("Domain")
    String domain;
    @Label("Flavor")
    String flavor;
    @Label("Sequence")
    long sequence;
    @Label("Expedited")
    boolean expedited;
    @Label("Holdouts")
    @Description("Threads the scan could not prove quiescent")
    int holdouts;
    @Label("Samples")
    int samples;
}
