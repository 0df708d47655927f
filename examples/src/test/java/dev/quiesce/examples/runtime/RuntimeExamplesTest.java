package dev.quiesce.examples.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RuntimeExamplesTest {
    @Test
    void tasksRcuExampleSucceeds() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean ok = TasksRcuExample.run(new PrintStream(out, true, StandardCharsets.UTF_8));
        String report = out.toString(StandardCharsets.UTF_8);
        assertTrue(ok, report);
        assertTrue(report.contains("synchronize(): replaced v0 by v1"), report);
        assertTrue(report.contains("call(Runnable): replaced v1 by v2; the callback closed v1"), report);
        assertTrue(report.contains("after barrier(): 200 closed after their grace period, 0 close(s) failed"), report);
        assertTrue(report.contains("reads of a closed resource 0, replaced resources not closed 0"), report);
    }

    @Test
    void workqueueRescuerExampleSucceeds() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean ok = WorkqueueRescuerExample.run(new PrintStream(out, true, StandardCharsets.UTF_8));
        String report = out.toString(StandardCharsets.UTF_8);
        assertTrue(ok, report);
        assertTrue(report.contains("ran exactly once: 200 of 200 (more than once: 0)"), report);
        assertTrue(report.contains("workqueue \"example-reclaim\" memReclaim"), report);
        assertTrue(report.contains("in flight: blocker on example-worker-1"), report);
    }
}
