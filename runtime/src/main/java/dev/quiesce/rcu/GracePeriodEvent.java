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

    /** A begun event, or null while no recording is active (see {@link Jfr}). */
    static GracePeriodEvent beginIfRecording() {
        if (!Jfr.recording()) {
            return null;
        }
        GracePeriodEvent e = new GracePeriodEvent();
        e.begin();
        return e;
    }

    /** Ends {@code e} (null is ignored) with the grace period's figures. */
    static void end(GracePeriodEvent e, String domain, String flavor, long sequence, boolean expedited,
            int holdouts, int samples) {
        if (e != null && e.shouldCommit()) {
            e.domain = domain;
            e.flavor = flavor;
            e.sequence = sequence;
            e.expedited = expedited;
            e.holdouts = holdouts;
            e.samples = samples;
            e.commit();
        }
    }
}
