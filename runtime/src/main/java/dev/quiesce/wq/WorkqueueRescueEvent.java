package dev.quiesce.wq;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR: the rescuer ran a pool's items (one event per rescue, spanning it). */
@Name("dev.quiesce.WorkqueueRescue")
@Label("Workqueue Rescue")
@Category({"quiesce", "Workqueue"})
@Description("A memReclaim queue's rescuer ran pending items that no worker could start")
@StackTrace(false)
final class WorkqueueRescueEvent extends jdk.jfr.Event {
    @Label("Queue")
    String queue;
    @Label("Pool")
    String pool;
    @Label("Items")
    long items;
}
