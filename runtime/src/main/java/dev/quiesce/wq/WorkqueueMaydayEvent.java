package dev.quiesce.wq;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR: a pool could not create a worker. */
@Name("dev.quiesce.WorkqueueMayday")
@Label("Workqueue Mayday")
@Category({"quiesce", "Workqueue"})
@Description("A workqueue pool could not create a worker; a memReclaim queue's rescuer is called")
@StackTrace(false)
final class WorkqueueMaydayEvent extends jdk.jfr.Event {
    @Label("Queue")
    String queue;
    @Label("Pool")
    String pool;
    @Label("Failure")
    String failure;
    @Label("Rescuer Called")
    boolean rescuerCalled;
}
