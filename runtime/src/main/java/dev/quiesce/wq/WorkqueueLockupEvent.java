package dev.quiesce.wq;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** JFR: a pool with pending items that started none for longer than its queue's watchdog threshold. */
@Name("dev.quiesce.WorkqueueLockup")
@Label("Workqueue Lockup")
@Category({"quiesce", "Workqueue"})
@Description("A workqueue pool with pending items made no progress past the watchdog threshold")
@StackTrace(false)
final class WorkqueueLockupEvent extends jdk.jfr.Event {
    @Label("Queue")
    String queue;
    @Label("Pool")
    String pool;
    @Label("Pending")
    int pending;
    @Label("Stalled For")
    @Timespan(Timespan.NANOSECONDS)
    long stalledFor;
    @Label("Dump")
    String dump;
}
