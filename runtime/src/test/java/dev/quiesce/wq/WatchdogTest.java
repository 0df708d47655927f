package dev.quiesce.wq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.testing.LogCapture;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WatchdogTest {
    @Test
    void aStuckPoolIsReportedWithTheDumpWithinItsThreshold() {
        LogCapture log = LogCapture.start("dev.quiesce.wq");
        CountDownLatch release = new CountDownLatch(1);
        Workqueue q = Workqueue.builder("watched").unbound().maxActive(1)
                .watchdogThreshold(Duration.ofMillis(200)).build();
        try {
            long start = System.nanoTime();
            q.queue(new Work("planted-stuck-item", () -> WorkqueueTest.await(release)));
            q.queue(new Work("behind-it", () -> { }));
            WorkqueueTest.waitUntil(() -> log.messages().stream().anyMatch(l -> l.contains("lockup")));
            long took = System.nanoTime() - start;
            String report = log.messages().stream().filter(l -> l.contains("lockup")).findFirst().orElseThrow();
            assertTrue(report.contains("workqueue \"watched\" unbound: lockup: 1 items pending"), report);
            assertTrue(report.contains("in flight: planted-stuck-item"), report);
            assertTrue(report.contains("WorkqueueTest.await"), "the stuck worker's stack: " + report);
            assertTrue(took >= 200_000_000L, "reported after " + took / 1_000_000 + " ms, before the threshold");
            assertTrue(took < 5_000_000_000L, "reported only after " + took / 1_000_000 + " ms");
            WorkqueueTest.sleep(300);
            assertEquals(1, log.messages().stream().filter(l -> l.contains("lockup")).count(), "one report per stall");
        } finally {
            release.countDown();
            q.close();
            log.close();
        }
    }

    @Test
    void thresholdBelowTenMillisecondsIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> Workqueue.builder("w").watchdogThreshold(Duration.ofMillis(5)));
    }
}
