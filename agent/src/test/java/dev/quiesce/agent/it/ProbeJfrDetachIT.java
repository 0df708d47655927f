package dev.quiesce.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.agent.boot.AgentControl;
import dev.quiesce.agent.boot.ProbeControl;
import dev.quiesce.agent.boot.RemovalReport;
import example.shop.Shop;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Detach while a recording runs with the agent's statistics hook registered and its events enabled: JFR keeps
 * the event classes (boot classes) and nothing of the agent's class loader, which is collected.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProbeJfrDetachIT {
    @Test
    void theAgentsClassLoaderIsCollectedAfterDetachWhileARecordingRuns() throws Exception {
        Path file = Files.createTempFile("quiesce-detach-", ".jfr");
        try (Recording rec = new Recording()) {
            rec.enable("dev.quiesce.ProbeStatistics").withPeriod(Duration.ofMillis(50));
            rec.enable("dev.quiesce.ProbeHit");
            rec.enable("dev.quiesce.ProbeRemoved");
            rec.start();
            WeakReference<ClassLoader> agentLoader = probeAndDetach();
            for (int i = 0; i < 250 && agentLoader.get() != null; i++) {
                System.gc();
                Thread.sleep(20);
            }
            assertNull(agentLoader.get(), "the agent's class loader is unreachable after detach");
            rec.stop();
            rec.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        Files.delete(file);
        assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals("dev.quiesce.ProbeStatistics")
                && e.getString("probe").equals("detach-capture")), "statistics before the detach");
        assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals("dev.quiesce.ProbeHit")));
        assertEquals(1, events.stream().filter(e -> e.getEventType().getName().equals("dev.quiesce.ProbeRemoved")
                && e.getString("reason").equals("detached")).count());
    }

    /** Returns a weak reference to the agent's loader; no frame that held the control is left afterwards. */
    private static WeakReference<ClassLoader> probeAndDetach() throws Exception {
        ProbeControl control = AgentControl.control();
        Shop shop = new Shop();
        control.add("entry example.shop.Shop#price capture name=detach-capture");
        for (int i = 0; i < 10; i++) {
            shop.price(i);
        }
        Thread.sleep(300); // a few statistics periods
        WeakReference<ClassLoader> agentLoader = new WeakReference<>(control.getClass().getClassLoader());
        List<RemovalReport> reports = control.detach().get(60, TimeUnit.SECONDS);
        assertEquals(1, reports.size());
        assertEquals(10, reports.get(0).hits());
        return agentLoader;
    }
}
