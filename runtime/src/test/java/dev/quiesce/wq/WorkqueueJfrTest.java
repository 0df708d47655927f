package dev.quiesce.wq;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.testing.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The workqueue's JFR events: a mayday and the rescue it calls for, and a lockup, each naming its queue. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WorkqueueJfrTest {
    @Test
    void maydayRescueAndLockupAreRecorded() throws Exception {
        Path file = Files.createTempFile("quiesce-wq", ".jfr");
        try (Recording r = new Recording()) {
            for (String e : List.of("dev.quiesce.WorkqueueMayday", "dev.quiesce.WorkqueueRescue",
                    "dev.quiesce.WorkqueueLockup")) {
                r.enable(e).withoutThreshold();
            }
            r.start();

            Workqueue rescued = Workqueue.builder("jfr-rescued").unbound().memReclaim().threadFactory(t -> {
                throw new OutOfMemoryError("unable to create native thread");
            }).build();
            Workqueue stuck = Workqueue.builder("jfr-stuck").unbound().maxActive(1)
                    .watchdogThreshold(Duration.ofMillis(100)).build();
            CountDownLatch release = new CountDownLatch(1);
            LogCapture log = LogCapture.start("dev.quiesce.wq"); // the lockup is logged right after its event is committed
            try {
                AtomicInteger ran = new AtomicInteger();
                for (int i = 0; i < 10; i++) {
                    rescued.queue(new Work("r" + i, ran::incrementAndGet));
                }
                rescued.flush();
                assertTrue(ran.get() == 10);
                stuck.queue(new Work("stuck", () -> WorkqueueTest.await(release)));
                stuck.queue(new Work("behind", () -> { }));
                WorkqueueTest.waitUntil(() -> log.anyWarning(m -> m.contains("\"jfr-stuck\" unbound: lockup")));
            } finally {
                log.close();
                release.countDown();
                rescued.close();
                stuck.close();
            }
            r.stop();
            r.dump(file);
            List<RecordedEvent> events = RecordingFile.readAllEvents(file);
            String seen = events.stream().map(e -> e.getEventType().getName() + "(" + e.getString("queue") + ")")
                    .collect(Collectors.joining(", "));
            assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals("dev.quiesce.WorkqueueMayday")
                    && e.getString("queue").equals("jfr-rescued") && e.getBoolean("rescuerCalled")
                    && e.getString("failure").contains("unable to create native thread")), seen);
            assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals("dev.quiesce.WorkqueueRescue")
                    && e.getString("queue").equals("jfr-rescued") && e.getLong("items") > 0), seen);
            assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals("dev.quiesce.WorkqueueLockup")
                    && e.getString("queue").equals("jfr-stuck") && e.getString("dump").contains("stuck")), seen);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
