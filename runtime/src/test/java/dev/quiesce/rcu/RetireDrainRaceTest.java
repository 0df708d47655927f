package dev.quiesce.rcu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A retire-drain item takes a stripe's partly filled page, then hands it to the domain: between the two the page
 * is in no stripe and in no callback. {@code barrier()} and {@code close()} must wait for such a drain, or they
 * return before (barrier) or without (close) the retirements in that page. The hook holds the drain in that
 * window until the call under test has returned, or 500 ms: a flush that only cancels pending drains returns at
 * once and leaves the resource unclosed; the one that waits for the running drain sees it closed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RetireDrainRaceTest {
    private final CountDownLatch taken = new CountDownLatch(1);
    private final CountDownLatch returned = new CountDownLatch(1);
    private final AtomicInteger closed = new AtomicInteger();

    private TasksRcu domain(String name) {
        return TasksRcu.builder().name(name).retireDrainHook(() -> {
            taken.countDown();
            try {
                returned.await(500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).build();
    }

    @Test
    void barrierWaitsForADrainHoldingAPage() throws Exception {
        TasksRcu d = domain("drain-barrier");
        try {
            d.retire(closed::incrementAndGet);
            assertTrue(taken.await(10, TimeUnit.SECONDS), "the drain item never ran");
            d.barrier();
            int atBarrier = closed.get();
            returned.countDown();
            assertEquals(1, atBarrier, "barrier() returned before a retirement in a draining page was closed");
        } finally {
            returned.countDown();
            d.close();
        }
    }

    @Test
    void closeWaitsForADrainHoldingAPage() throws Exception {
        TasksRcu d = domain("drain-close");
        d.retire(closed::incrementAndGet);
        assertTrue(taken.await(10, TimeUnit.SECONDS), "the drain item never ran");
        d.close();
        int atClose = closed.get();
        returned.countDown();
        assertEquals(1, atClose, "close() returned without closing a retirement in a draining page");
    }
}
