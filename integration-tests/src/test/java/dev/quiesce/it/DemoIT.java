package dev.quiesce.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code quiesce demo} end to end: the service, the attach, the histogram, the swap and the removal report. */
class DemoIT {
    @Test
    void theDemoRunsAndPrintsTheRemovalReport() throws Exception {
        Cli.Result r = Cli.run("demo");
        assertEquals(0, r.code(), r.all());
        String out = r.out();
        assertTrue(out.contains("@price (ns)") && out.contains("|@"), "the histogram is shown\n" + r.all());
        assertTrue(out.contains("removed probe price v1 (swapped)"), r.all());
        assertTrue(out.contains("removed probe price v2 (removed)") && out.contains("grace period"), r.all());
        assertTrue(out.contains("0 failed"), r.all());
        assertTrue(out.contains("demo done"), r.all());
    }
}
