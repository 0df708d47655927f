package dev.quiesce.agent.boot.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.agent.boot.RemovalReport;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The agent's JFR events without the agent: fields, nothing committed while disabled, the statistics hook. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProbeEventsTest {
    private static final List<String> NAMES = List.of("dev.quiesce.ProbeAdded", "dev.quiesce.ProbeSwapped",
            "dev.quiesce.ProbeRemoved", "dev.quiesce.ProbeDisabled", "dev.quiesce.ProbeHit",
            "dev.quiesce.ProbeStatistics");
    private static final RemovalReport REPORT = new RemovalReport("p", 3, "removed", 2, 1_500, 2_000_000, 4, 5, 6,
            1000, 7, 8, new long[0], 9, 10);

    private static void emitAll() {
        ProbeEvents.added("p", 1, "entry a.B#c count name=p", 2);
        ProbeEvents.swapped("p", 1, 2, "entry a.B#c hist name=p", 2, 1_234, false);
        ProbeEvents.removed(REPORT);
        ProbeEvents.disabled("p", 3, "disabled: its handler threw 7 times", 7, new IllegalStateException("bug"));
        ProbeEvents.statistics("p", 3, 2, 1000, 7);
        if (ProbeEvents.hitEnabled()) {
            ProbeEvents.hit("p", 3, "a.B.c(long)", "return", "42", 5_000);
            ProbeEvents.hit("p", 3, "a.B.c(long)", "entry", "[41]", -1);
        }
    }

    private static List<RecordedEvent> quiesceEvents(Recording r) throws Exception {
        Path file = Files.createTempFile("probe-events-", ".jfr");
        try {
            r.dump(file);
            return RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().startsWith("dev.quiesce.Probe")).toList();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static RecordedEvent only(List<RecordedEvent> events, String name) {
        List<RecordedEvent> of = events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
        assertEquals(1, of.size(), name + " in " + events);
        return of.get(0);
    }

    @Test
    void nothingIsCommittedWhileTheEventsAreDisabled() throws Exception {
        try (Recording r = new Recording()) {
            NAMES.forEach(r::disable);
            r.start();
            emitAll();
            assertFalse(ProbeEvents.hitEnabled());
            r.stop();
            assertEquals(List.of(), quiesceEvents(r));
        }
    }

    @Test
    void theHitEventIsOffByDefaultAndItsCheckAllocatesNothing() throws Exception {
        try (Recording r = new Recording()) {
            r.enable("dev.quiesce.ProbeAdded");
            r.start();
            ProbeEvents.added("p", 1, "entry a.B#c capture name=p", 1); // the recorder is initialized now
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            int enabled = 0;
            for (int i = 0; i < 200_000; i++) {
                enabled += ProbeEvents.hitEnabled() ? 1 : 0;
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 1_000_000; i++) {
                enabled += ProbeEvents.hitEnabled() ? 1 : 0;
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertEquals(0, enabled, "dev.quiesce.ProbeHit is @Enabled(false) unless a recording enables it");
            // one object per check would be 16 MB; what is left is the measurement's own noise (a few hundred bytes)
            assertTrue(allocated < 16 * 1024, "bytes allocated by a million checks: " + allocated);
            r.stop();
        }
    }

    @Test
    void eachEventCarriesItsFields() throws Exception {
        try (Recording r = new Recording()) {
            NAMES.forEach(r::enable);
            r.start();
            ProbeEvents.added("warm-up", 1, "", 0); // initializes the recorder's side, so hits are checked
            assertTrue(ProbeEvents.hitEnabled());
            emitAll();
            r.stop();
            List<RecordedEvent> events = quiesceEvents(r).stream()
                    .filter(e -> !e.hasField("probe") || !e.getString("probe").equals("warm-up")).toList();
            assertEquals(7, events.size(), events.toString());

            RecordedEvent added = only(events, "dev.quiesce.ProbeAdded");
            assertEquals("p", added.getString("probe"));
            assertEquals(1, added.getInt("version"));
            assertEquals("entry a.B#c count name=p", added.getString("spec"));
            assertEquals(2, added.getInt("sites"));

            RecordedEvent swapped = only(events, "dev.quiesce.ProbeSwapped");
            assertEquals(1, swapped.getInt("oldVersion"));
            assertEquals(2, swapped.getInt("newVersion"));
            assertEquals("entry a.B#c hist name=p", swapped.getString("spec"));
            assertEquals(Duration.ofNanos(1_234), swapped.getDuration("relink"));
            assertFalse(swapped.getBoolean("inSlot"));

            RecordedEvent removed = only(events, "dev.quiesce.ProbeRemoved");
            assertEquals("p", removed.getString("probe"));
            assertEquals(3, removed.getInt("version"));
            assertEquals("removed", removed.getString("reason"));
            assertEquals(2, removed.getInt("sites"));
            assertEquals(Duration.ofNanos(1_500), removed.getDuration("unlink"));
            assertEquals(Duration.ofNanos(2_000_000), removed.getDuration("gracePeriod"));
            assertEquals(4, removed.getLong("gracePeriods"));
            assertEquals(5, removed.getLong("holdouts"));
            assertEquals(6, removed.getLong("samples"));
            assertEquals(1000, removed.getLong("hits"));
            assertEquals(7, removed.getLong("errors"));
            assertEquals(8, removed.getLong("unpaired"));
            assertEquals(9, removed.getLong("suppressed"));
            assertEquals(10, removed.getLong("dropped"));

            RecordedEvent disabled = only(events, "dev.quiesce.ProbeDisabled");
            assertEquals("disabled: its handler threw 7 times", disabled.getString("reason"));
            assertEquals(7, disabled.getLong("errors"));
            assertEquals("java.lang.IllegalStateException: bug", disabled.getString("lastError"));

            RecordedEvent stats = only(events, "dev.quiesce.ProbeStatistics");
            assertEquals(3, stats.getInt("version"));
            assertEquals(2, stats.getInt("sites"));
            assertEquals(1000, stats.getLong("hits"));
            assertEquals(7, stats.getLong("errors"));

            List<RecordedEvent> hits = events.stream()
                    .filter(e -> e.getEventType().getName().equals("dev.quiesce.ProbeHit")).toList();
            assertEquals(2, hits.size());
            RecordedEvent timed = hits.get(0).getString("kind").equals("return") ? hits.get(0) : hits.get(1);
            RecordedEvent untimed = timed == hits.get(0) ? hits.get(1) : hits.get(0);
            assertEquals("a.B.c(long)", timed.getString("site"));
            assertEquals("42", timed.getString("text"));
            assertEquals(Duration.ofNanos(5_000), timed.getDuration("latency"));
            assertEquals(Thread.currentThread().getName(), timed.getThread().getJavaName());
            assertEquals("[41]", untimed.getString("text"));
            assertEquals(Long.MIN_VALUE, untimed.getLong("latency"), "N/A in jfr print");
        }
    }

    @Test
    void theStatisticsHookRunsWhileRegisteredAndNotAfter() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (Recording r = new Recording()) {
            r.enable("dev.quiesce.ProbeStatistics").withPeriod(Duration.ofMillis(50));
            r.start();
            Runnable unregister = ProbeEvents.registerStatistics(() -> {
                runs.incrementAndGet();
                ProbeEvents.statistics("periodic", 2, 3, 4, 5);
            });
            for (int i = 0; i < 500 && runs.get() < 2; i++) {
                Thread.sleep(20);
            }
            unregister.run();
            int atClose = runs.get();
            assertTrue(atClose >= 2, "runs: " + atClose);
            Thread.sleep(300);
            assertTrue(runs.get() <= atClose + 1, "at most a run in progress finishes after: " + runs.get());
            r.stop();
            List<RecordedEvent> stats = quiesceEvents(r).stream()
                    .filter(e -> e.getString("probe").equals("periodic")).toList();
            assertTrue(stats.size() >= 2, stats.toString());
            RecordedEvent e = stats.get(0);
            assertEquals("dev.quiesce.ProbeStatistics", e.getEventType().getName());
            assertEquals(2, e.getInt("version"));
            assertEquals(3, e.getInt("sites"));
            assertEquals(4, e.getLong("hits"));
            assertEquals(5, e.getLong("errors"));
        }
    }
}
