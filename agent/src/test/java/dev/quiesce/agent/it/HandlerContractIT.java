package dev.quiesce.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.agent.boot.AgentControl;
import dev.quiesce.agent.boot.MethodSite;
import dev.quiesce.agent.boot.ProbeControl;
import dev.quiesce.agent.boot.ProbeHandler;
import dev.quiesce.agent.boot.RemovalReport;
import example.shop.Shop;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The TASKS contract from the handler's side: a handler that blocks lets a grace period end under it (the
 * checker catches the use after removal), the same handler declared sleepable is waited for, and a handler
 * that never returns holds the grace period and is named, with its probe, in the stall report. (This JVM
 * reports stalls after 0.5 s and warns after 1.5 s.)
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HandlerContractIT {
    private final ProbeControl control = AgentControl.control();
    private final Shop shop = new Shop();

    /** Parks inside the handler, breaking the contract, then checks whether its probe is gone. */
    public static class ParkingHandler implements ProbeHandler {
        final CountDownLatch inside = new CountDownLatch(1);
        final AtomicLong usesAfterRemoval = new AtomicLong();
        volatile boolean removed;

        @Override
        public void onEntry(MethodSite site, Object self, Object[] args) {
            inside.countDown();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500)); // a blocking call: forbidden here
            if (removed) {
                usesAfterRemoval.incrementAndGet();
            }
        }
    }

    /** A sleepable handler that blocks until released. */
    public static class BlockingHandler implements ProbeHandler {
        final CountDownLatch inside = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void onEntry(MethodSite site, Object self, Object[] args) {
            inside.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Counts its runs, and the runs that began after its probe's removal completed. */
    public static class CheckingHandler implements ProbeHandler {
        final AtomicLong runs = new AtomicLong();
        final AtomicLong usesAfterRemoval = new AtomicLong();
        volatile boolean removed;

        @Override
        public void onEntry(MethodSite site, Object self, Object[] args) {
            runs.incrementAndGet();
            if (removed) {
                usesAfterRemoval.incrementAndGet();
            }
        }
    }

    /** Never returns until released: holds every grace period that starts meanwhile. */
    public static class SpinningHandler implements ProbeHandler {
        final CountDownLatch inside = new CountDownLatch(1);
        volatile boolean release;

        @Override
        public void onEntry(MethodSite site, Object self, Object[] args) {
            inside.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!release && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        }
    }

    /** Calls the probed method again from inside the handler, until the stack overflows. */
    public static class RecursingHandler implements ProbeHandler {
        final Shop shop = new Shop();
        final AtomicLong depth = new AtomicLong();

        @Override
        public void onEntry(MethodSite site, Object self, Object[] args) {
            depth.incrementAndGet();
            shop.price(1);
        }
    }

    /**
     * A sleepable handler that recurses through its own site until the stack overflows. Once compiled, the
     * deepest levels cannot call their read section's unlock at all (the call overflows where the call that threw
     * did: docs/memory-ordering.md, "No room to unlock"), so sections are left open; the grace period closes them
     * once the thread's stack holds no site frame, and the removal completes.
     */
    @Test
    void sectionsAStackOverflowLeftOpenDoNotHoldTheRemovalOfASleepableProbe() throws Exception {
        RecursingHandler h = new RecursingHandler();
        control.add("entry example.shop.Shop#price handler=dev.quiesce.agent.it.HandlerContractIT$RecursingHandler "
                + "sleepable=true errors=2147483647 name=recursing", h);
        CountDownLatch overflowed = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // One thread, alive throughout: the sections of a thread that ended are closed anyway.
        Thread t = new Thread(() -> {
            for (int round = 0; round < 30; round++) {
                try {
                    new Shop().price(1);
                } catch (StackOverflowError e) {
                    // the containment's own calls may overflow too: the error may reach the caller
                }
            }
            overflowed.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "overflows-then-idles");
        t.start();
        try {
            assertTrue(overflowed.await(60, TimeUnit.SECONDS));
            assertTrue(h.depth.get() > 3_000, "the handler recursed: " + h.depth.get());
            RemovalReport r = control.remove("recursing").get(20, TimeUnit.SECONDS);
            assertTrue(r.hits() > 3_000, r.toString());
        } finally {
            release.countDown();
            t.join();
        }
    }

    @Test
    void aBlockingHandlerLetsTheGracePeriodEndUnderItAndTheCheckerSeesIt() throws Exception {
        ParkingHandler h = new ParkingHandler();
        control.add("entry example.shop.Shop#price handler=dev.quiesce.agent.it.HandlerContractIT$ParkingHandler "
                + "name=parking", h);
        Thread t = new Thread(() -> shop.price(1), "parks-in-handler");
        t.start();
        assertTrue(h.inside.await(10, TimeUnit.SECONDS));
        RemovalReport r = control.remove("parking").get(10, TimeUnit.SECONDS);
        h.removed = true;
        t.join();
        assertEquals(1, r.hits());
        assertEquals(1, h.usesAfterRemoval.get(),
                "a parked thread counts as quiescent, so a blocking handler outlives its grace period");
    }

    @Test
    void aSleepableHandlerMayBlockAndItsRemovalWaitsForIt() throws Exception {
        ParkingHandler h = new ParkingHandler();
        control.add("entry example.shop.Shop#price handler=dev.quiesce.agent.it.HandlerContractIT$ParkingHandler "
                + "sleepable=true name=sleepy", h);
        Thread t = new Thread(() -> shop.price(3), "sleeps-in-handler");
        t.start();
        assertTrue(h.inside.await(10, TimeUnit.SECONDS));
        CompletableFuture<RemovalReport> f = control.remove("sleepy");
        Thread.sleep(200);
        assertFalse(f.isDone(), "the removal waits for the sleepable handler's read section");
        RemovalReport r = f.get(10, TimeUnit.SECONDS);
        h.removed = true;
        t.join();
        assertEquals(1, r.hits());
        assertEquals(0, h.usesAfterRemoval.get(), "the sleepable handler finished before its removal completed");
        assertTrue(r.gracePeriodNanos() >= TimeUnit.MILLISECONDS.toNanos(250), r.toString());
    }

    private static final String BLOCKING = "entry example.shop.Shop#price "
            + "handler=dev.quiesce.agent.it.HandlerContractIT$BlockingHandler sleepable=true name=sleepy-first";
    private static final String CHECKING = "entry example.shop.Shop#price "
            + "handler=dev.quiesce.agent.it.HandlerContractIT$CheckingHandler name=behind";

    /**
     * A probe linked after a sleepable one on the same method runs after it in one chain. A thread blocked in
     * the sleepable handler is WAITING, which a tasks grace period takes as quiescent; the removal of the probe
     * behind it must still wait until the thread has run it, or the thread runs it after the removal completed.
     */
    @Test
    void aProbeBehindABlockedSleepableHandlerInOneChainIsWaitedFor() throws Exception {
        BlockingHandler sleepy = new BlockingHandler();
        CheckingHandler behind = new CheckingHandler();
        control.add(BLOCKING, sleepy);
        control.add(CHECKING, behind);
        blockInFrontThenRemoveBehind(sleepy, behind);
    }

    /** The same chain made by a swap that turns the first handler sleepable (a relink, not a slot store). */
    @Test
    void aSwapThatMakesAHandlerSleepableMakesTheProbesBehindItWait() throws Exception {
        BlockingHandler sleepy = new BlockingHandler();
        CheckingHandler behind = new CheckingHandler();
        control.add(BLOCKING.replace(" sleepable=true", ""), new BlockingHandler()); // not called before the swap
        control.add(CHECKING, behind);
        control.swap("sleepy-first", BLOCKING, sleepy).get(10, TimeUnit.SECONDS);
        blockInFrontThenRemoveBehind(sleepy, behind);
    }

    /** The same chain, the probe behind swapped to a new handler object first (a store into its slot). */
    @Test
    void aHandlerSwappedInBehindABlockedSleepableOneIsWaitedForToo() throws Exception {
        BlockingHandler sleepy = new BlockingHandler();
        CheckingHandler first = new CheckingHandler();
        CheckingHandler behind = new CheckingHandler();
        control.add(BLOCKING, sleepy);
        control.add(CHECKING, first);
        control.swap("behind", CHECKING, behind).get(10, TimeUnit.SECONDS);
        blockInFrontThenRemoveBehind(sleepy, behind);
        assertEquals(0, first.runs.get());
    }

    private void blockInFrontThenRemoveBehind(BlockingHandler sleepy, CheckingHandler behind) throws Exception {
        Thread t = new Thread(() -> shop.price(4), "blocks-before-behind");
        try {
            t.start();
            assertTrue(sleepy.inside.await(10, TimeUnit.SECONDS));
            CompletableFuture<RemovalReport> f = control.remove("behind");
            try {
                f.get(300, TimeUnit.MILLISECONDS); // without the chain's read section: done within milliseconds
                behind.removed = true;
            } catch (java.util.concurrent.TimeoutException expected) {
                // still waiting for the thread blocked in front of the handler
            }
            sleepy.release.countDown();
            RemovalReport r = f.get(10, TimeUnit.SECONDS);
            behind.removed = true;
            t.join();
            assertEquals(0, behind.usesAfterRemoval.get(), "the handler ran after its removal had completed");
            assertEquals(1, behind.runs.get());
            assertEquals(1, r.hits());
        } finally {
            sleepy.release.countDown();
            t.join();
            control.remove("sleepy-first").get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aHandlerThatNeverReturnsHoldsTheGracePeriodAndTheStallReportNamesItsProbe() throws Exception {
        List<String> reports = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord rec) {
                reports.add(rec.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger rcuLog = Logger.getLogger("dev.quiesce.rcu");
        rcuLog.addHandler(capture);
        SpinningHandler h = new SpinningHandler();
        Thread t = new Thread(() -> shop.price(2), "spins-in-handler");
        try {
            control.add("entry example.shop.Shop#price handler=dev.quiesce.agent.it.HandlerContractIT$SpinningHandler "
                    + "name=spinner", h);
            t.start();
            assertTrue(h.inside.await(10, TimeUnit.SECONDS));
            CompletableFuture<RemovalReport> f = control.remove("spinner");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (reports.stream().noneMatch(m -> m.contains("stalled")) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            String warning = reports.stream().filter(m -> m.contains("stalled")).findFirst().orElse("(none)");
            assertTrue(warning.contains("\"spins-in-handler\""), warning);
            assertTrue(warning.contains("probe spinner (1 version(s) being removed) at example.shop.Shop.price"), warning);
            assertFalse(f.isDone(), "the grace period waits for the spinning handler");
            h.release = true;
            RemovalReport r = f.get(30, TimeUnit.SECONDS);
            assertEquals(1, r.hits());
            assertTrue(r.gracePeriodNanos() >= TimeUnit.MILLISECONDS.toNanos(1500), r.toString());
            assertTrue(r.holdoutsSeen() >= 1, r.toString());
        } finally {
            h.release = true;
            t.join();
            rcuLog.removeHandler(capture);
        }
    }
}
