package dev.quiesce.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.agent.boot.AgentControl;
import dev.quiesce.agent.boot.CapturedEvent;
import dev.quiesce.agent.boot.ProbeControl;
import dev.quiesce.agent.boot.RemovalReport;
import example.shop.Shop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The agent's JFR events in a JVM started with the agent, before any recording: a recording started in-process
 * sees each probe's add, hits, statistics, swap, disabling and removal, with the figures of its reports.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProbeJfrIT {
    private final ProbeControl control = AgentControl.control();
    private final Shop shop = new Shop();

    @Test
    void aRecordingSeesEveryProbeEventWithTheFiguresOfItsReports() throws Exception {
        Path file = Files.createTempFile("quiesce-probes-", ".jfr");
        RemovalReport countV1;
        RemovalReport countV2;
        RemovalReport captured;
        List<CapturedEvent> ring;
        CountDownLatch badReported = new CountDownLatch(1);
        Logger agentLog = Logger.getLogger("dev.quiesce.agent"); // the agent logs a disabled probe's report
        Handler watch = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (String.valueOf(r.getMessage()).startsWith("removed probe jfr-bad")) {
                    badReported.countDown(); // logged after its ProbeRemoved event is committed
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        agentLog.addHandler(watch);
        try (Recording rec = new Recording()) { // the first recording: the statistics hook registers now
            for (String name : List.of("ProbeAdded", "ProbeSwapped", "ProbeRemoved", "ProbeDisabled", "ProbeHit")) {
                rec.enable("dev.quiesce." + name);
            }
            rec.enable("dev.quiesce.ProbeStatistics").withPeriod(Duration.ofMillis(100));
            rec.start();

            control.add("entry example.shop.Shop#price count name=jfr-count");
            control.add("timing example.shop.Shop#slow capture name=jfr-capture");
            for (int i = 0; i < 1000; i++) {
                shop.price(i);
            }
            for (int i = 0; i < 3; i++) {
                shop.slow(100_000);
            }
            ring = control.events("jfr-capture", 10);
            Thread.sleep(800); // statistics every 100 ms

            countV1 = control.swap("jfr-count", "entry example.shop.Shop#price count name=jfr-count")
                    .get(30, TimeUnit.SECONDS);
            for (int i = 0; i < 500; i++) {
                shop.price(i);
            }
            countV2 = control.remove("jfr-count").get(30, TimeUnit.SECONDS);
            captured = control.remove("jfr-capture").get(30, TimeUnit.SECONDS);

            control.add("entry example.shop.Shop#discount handler=dev.quiesce.agent.it.ThrowingHandler errors=3 "
                    + "name=jfr-bad", new ThrowingHandler());
            for (int i = 0; i < 10; i++) {
                Shop.discount(i);
            }
            assertTrue(badReported.await(30, TimeUnit.SECONDS), "the disabled probe's report");
            assertTrue(control.list().isEmpty(), "disabled: " + control.list());
            rec.stop();
            rec.dump(file);
        } finally {
            agentLog.removeHandler(watch);
        }
        List<RecordedEvent> events;
        try {
            events = RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().startsWith("dev.quiesce.Probe")).toList();
        } finally {
            Files.delete(file);
        }

        RecordedEvent added = one(events, "dev.quiesce.ProbeAdded", e -> e.getString("probe").equals("jfr-count"));
        assertEquals(1, added.getInt("version"));
        assertEquals(1, added.getInt("sites"));
        assertTrue(added.getString("spec").startsWith("entry example.shop.Shop#price count"), added.toString());
        one(events, "dev.quiesce.ProbeAdded", e -> e.getString("probe").equals("jfr-capture"));

        List<RecordedEvent> hits = all(events, "dev.quiesce.ProbeHit", e -> true);
        assertEquals(3, hits.size(), hits.toString());
        assertEquals(3, ring.size(), ring.toString());
        hits = hits.stream().sorted(Comparator.comparing(RecordedEvent::getStartTime)).toList();
        for (int i = 0; i < 3; i++) { // in commit order, as the ring holds them
            RecordedEvent h = hits.get(i);
            assertEquals("jfr-capture", h.getString("probe"));
            assertEquals(1, h.getInt("version"));
            assertEquals(ring.get(i).site(), h.getString("site"));
            assertEquals("example.shop.Shop.slow(long)", h.getString("site"));
            assertEquals(ring.get(i).kind(), h.getString("kind"));
            assertEquals("return", h.getString("kind"));
            assertEquals(ring.get(i).text(), h.getString("text"));
            assertEquals("\"done\"", h.getString("text"));
            assertEquals(ring.get(i).nanos(), h.getDuration("latency").toNanos(), "the captured latency");
            assertEquals(ring.get(i).thread(), h.getThread().getJavaName());
        }

        assertFalse(all(events, "dev.quiesce.ProbeStatistics", e -> e.getString("probe").equals("jfr-count")
                && e.getInt("version") == 1 && e.getInt("sites") == 1 && e.getLong("hits") == 1000).isEmpty(),
                "statistics of the linked count probe after its 1000 hits");
        assertFalse(all(events, "dev.quiesce.ProbeStatistics", e -> e.getString("probe").equals("jfr-capture")
                && e.getLong("hits") == 3).isEmpty(), "statistics of the capture probe");

        RecordedEvent swapped = one(events, "dev.quiesce.ProbeSwapped", e -> true);
        assertEquals("jfr-count", swapped.getString("probe"));
        assertEquals(1, swapped.getInt("oldVersion"));
        assertEquals(2, swapped.getInt("newVersion"));
        assertEquals(1, swapped.getInt("sites"));
        assertFalse(swapped.getBoolean("inSlot"), "a count probe swaps by relinking");
        assertEquals(countV1.unlinkNanos(), swapped.getDuration("relink").toNanos());

        assertReported(countV1, one(events, "dev.quiesce.ProbeRemoved",
                e -> e.getString("probe").equals("jfr-count") && e.getInt("version") == 1));
        assertReported(countV2, one(events, "dev.quiesce.ProbeRemoved",
                e -> e.getString("probe").equals("jfr-count") && e.getInt("version") == 2));
        assertReported(captured, one(events, "dev.quiesce.ProbeRemoved",
                e -> e.getString("probe").equals("jfr-capture")));
        assertEquals("swapped", countV1.reason());
        assertEquals(1000, countV1.hits());
        assertEquals(500, countV2.hits());
        assertEquals(3, captured.hits());

        RecordedEvent disabled = one(events, "dev.quiesce.ProbeDisabled", e -> true);
        assertEquals("jfr-bad", disabled.getString("probe"));
        assertEquals(1, disabled.getInt("version"));
        assertTrue(disabled.getString("reason").startsWith("disabled: its handler threw"), disabled.toString());
        assertTrue(disabled.getLong("errors") >= 3, disabled.toString());
        assertTrue(disabled.getString("lastError").contains("handler bug"), disabled.toString());
        RecordedEvent bad = one(events, "dev.quiesce.ProbeRemoved", e -> e.getString("probe").equals("jfr-bad"));
        assertEquals(disabled.getString("reason"), bad.getString("reason"));
        assertTrue(bad.getLong("errors") >= 3 && bad.getLong("errors") <= 10, bad.toString());
    }

    private static void assertReported(RemovalReport r, RecordedEvent e) {
        assertEquals(r.probe(), e.getString("probe"));
        assertEquals(r.version(), e.getInt("version"));
        assertEquals(r.reason(), e.getString("reason"));
        assertEquals(r.sites(), e.getInt("sites"));
        assertEquals(r.unlinkNanos(), e.getDuration("unlink").toNanos());
        assertEquals(r.gracePeriodNanos(), e.getDuration("gracePeriod").toNanos());
        assertEquals(r.gracePeriods(), e.getLong("gracePeriods"));
        assertEquals(r.holdoutsSeen(), e.getLong("holdouts"));
        assertEquals(r.samplesTaken(), e.getLong("samples"));
        assertEquals(r.hits(), e.getLong("hits"));
        assertEquals(r.errors(), e.getLong("errors"));
        assertEquals(r.unpaired(), e.getLong("unpaired"));
        assertEquals(r.suppressed(), e.getLong("suppressed"));
        assertEquals(r.dropped(), e.getLong("dropped"));
    }

    private static List<RecordedEvent> all(List<RecordedEvent> events, String name, Predicate<RecordedEvent> p) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name) && p.test(e)).toList();
    }

    private static RecordedEvent one(List<RecordedEvent> events, String name, Predicate<RecordedEvent> p) {
        List<RecordedEvent> of = all(events, name, p);
        assertEquals(1, of.size(), name + ": " + of);
        return of.get(0);
    }
}
