package dev.quiesce.rcu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Who runs a grace period: the caller of synchronize() when none is running, the driver thread otherwise. */
class GracePeriodDriverTest {
    /** A flavor that records which thread ran each grace period and can hold one open. */
    private static final class RecordingFlavor implements GracePeriodFlavor {
        final List<Thread> runners = new CopyOnWriteArrayList<>();
        final List<Boolean> interruptedAtStart = new CopyOnWriteArrayList<>();
        volatile CountDownLatch entered = new CountDownLatch(0);
        volatile CountDownLatch hold = new CountDownLatch(0);
        volatile boolean interruptItself;

        @Override
        public void await(long seq, GracePeriodDriver.Control control) {
            runners.add(Thread.currentThread());
            interruptedAtStart.add(Thread.currentThread().isInterrupted());
            entered.countDown();
            awaitUninterruptibly(hold);
            if (interruptItself) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public String phase() {
            return "TEST";
        }
    }

    private final RecordingFlavor flavor = new RecordingFlavor();
    private final GracePeriodDriver driver = new GracePeriodDriver("driver-test", flavor,
            CallbackExecutor.reclaimQueue("cb-driver-test"), Threads.gracePeriodThreads("driver-test"),
            JvmThreadView.INSTANCE);

    GracePeriodDriverTest() {
        driver.start();
    }

    @AfterEach
    void close() {
        flavor.hold = new CountDownLatch(0);
        driver.close();
    }

    @Test
    void aCallerRunsItsOwnGracePeriodWhenNoneIsRunning() {
        driver.synchronize(false);
        assertEquals(List.of(Thread.currentThread()), flavor.runners);
        assertEquals(1, driver.completed());
    }

    @Test
    void aCallerThatFindsAGracePeriodRunningWaitsForTheNextOneOnTheDriver() throws Exception {
        flavor.hold = new CountDownLatch(1);
        flavor.entered = new CountDownLatch(1);
        Thread first = new Thread(() -> driver.synchronize(false), "first-caller");
        first.start();
        assertTrue(flavor.entered.await(10, TimeUnit.SECONDS));
        // Grace period 1 runs on first-caller; this caller's cookie is 2, which must start after its call.
        AtomicBoolean returned = new AtomicBoolean();
        Thread second = new Thread(() -> {
            driver.synchronize(false);
            returned.set(true);
        }, "second-caller");
        second.start();
        while (second.getState() != Thread.State.WAITING) {
            Thread.sleep(1);
        }
        assertFalse(returned.get(), "returned while the grace period before its call was still running");
        flavor.hold.countDown();
        first.join();
        second.join();
        assertTrue(returned.get());
        assertEquals(2, flavor.runners.size());
        assertSame(first, flavor.runners.get(0));
        assertSame(driver.thread(), flavor.runners.get(1), "the waiting caller's grace period ran on the driver");
        assertEquals(2, driver.completed());
    }

    @Test
    void callbacksWaitForAGracePeriodOfTheDriver() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        driver.call(ran::countDown);
        assertTrue(ran.await(10, TimeUnit.SECONDS));
        assertEquals(List.of(driver.thread()), flavor.runners, "the callback's grace period ran on the driver");
    }

    @Test
    void aCallerRunsItsGracePeriodWithTheInterruptClearedAndGetsItBack() {
        Thread.currentThread().interrupt();
        flavor.interruptItself = true; // and one more arrives while it runs
        driver.synchronize(false);
        assertTrue(Thread.interrupted(), "interrupt status lost");
        assertEquals(List.of(false), flavor.interruptedAtStart, "the flavor must not run with the interrupt set");
    }

    @Test
    void synchronizeIfNeededRunsTheCookiesGracePeriodOnTheCaller() {
        long c = driver.cookie();
        driver.synchronizeIfNeeded(c);
        assertTrue(driver.done(c));
        assertEquals(List.of(Thread.currentThread()), flavor.runners);
    }

    private static void awaitUninterruptibly(CountDownLatch l) {
        boolean interrupted = false;
        for (;;) {
            try {
                l.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
