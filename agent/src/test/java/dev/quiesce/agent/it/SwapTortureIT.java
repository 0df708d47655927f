package dev.quiesce.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.agent.boot.AgentControl;
import dev.quiesce.agent.boot.MethodSite;
import dev.quiesce.agent.boot.ProbeControl;
import dev.quiesce.agent.boot.ProbeHandler;
import dev.quiesce.agent.boot.RemovalReport;
import example.shop.Shop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * rcutorture's idea applied to probes: threads stay inside handlers most of the time while a writer swaps the
 * probe to a new version every few milliseconds and marks each old version freed when its removal report
 * arrives. A handler that finds its version freed, at its start or at its end, is a use after free. The
 * correct run must see none and account for every call; the same run that marks versions freed as soon as
 * {@code swap} returns (no grace period: what other agents do) must see some, which shows the check can fail.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SwapTortureIT {
    private static final long RUN_NANOS = TimeUnit.SECONDS.toNanos(3);
    private static final String SPEC = "entry example.shop.Shop#price "
            + "handler=dev.quiesce.agent.it.SwapTortureIT$SlowHandler name=torture";

    private final ProbeControl control = AgentControl.control();
    private final Shop shop = new Shop();

    /** Spends ~20 us inside the read section, checking that its version is not freed on the way in and out. */
    public static class SlowHandler implements ProbeHandler {
        static final AtomicLong USES_AFTER_FREE = new AtomicLong();
        final LongAdder hits = new LongAdder();
        volatile boolean freed;

        @Override
        public void onEntry(MethodSite site, Object self, Object[] args) {
            if (freed) {
                USES_AFTER_FREE.incrementAndGet();
            }
            hits.increment();
            long until = System.nanoTime() + 20_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            if (freed) {
                USES_AFTER_FREE.incrementAndGet();
            }
        }
    }

    /** Spins about 20 ms per call: the threads calling the method are inside the handler nearly all the time. */
    public static class BusyHandler implements ProbeHandler {
        final LongAdder hits = new LongAdder();

        @Override
        public void onEntry(MethodSite site, Object self, Object[] args) {
            hits.increment();
            long until = System.nanoTime() + 20_000_000L;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        }
    }

    /**
     * A swap between two handler objects is a store into the probe's slot, and the old one is freed once every
     * read section that could have loaded it has ended. A grace period that had to catch each thread outside the
     * handler's frames with a stack sample (a tasks grace period) would practically never end here: the threads
     * leave the handler for a few nanoseconds every 20 ms, and a sample cannot tell the old handler from the new.
     */
    @Test
    void aSwapInTheSlotEndsWhileThreadsStayInsideTheHandler() throws Exception {
        String spec = "entry example.shop.Shop#price handler=dev.quiesce.agent.it.SwapTortureIT$BusyHandler name=busy";
        BusyHandler a = new BusyHandler();
        BusyHandler b = new BusyHandler();
        control.add(spec, a);
        Hammer hammer = new Hammer(2, false, shop::price);
        try {
            while (a.hits.sum() < 4) {
                Thread.sleep(5); // both threads are in and out of the handler
            }
            RemovalReport r = control.swap("busy", spec, b).get(30, TimeUnit.SECONDS);
            long aHits = a.hits.sum();
            assertEquals(aHits, r.hits(), "the swapped-out version's report counts every hit that entered it");
            while (b.hits.sum() < 4) {
                Thread.sleep(5);
            }
            assertEquals(aHits, a.hits.sum(), "the swapped-out handler ran after its report");
        } finally {
            hammer.stop();
            if (control.list().stream().anyMatch(p -> p.name().equals("busy"))) {
                control.remove("busy").get(60, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void versionsFreedAfterTheirGracePeriodAreNeverUsedAndEveryCallIsCounted() throws Exception {
        Result r = torture(true);
        System.out.println("with grace periods: " + r);
        assertEquals(0, r.usesAfterFree, "a handler ran in a version whose removal report had completed");
        assertEquals(r.handlerHits, r.reportedHits, "reports' hits == hits that entered the handlers");
        assertEquals(r.calls, r.reportedHits, "every call made while the probe was linked was handled once");
        assertTrue(r.swaps >= 20, "only " + r.swaps + " swaps");
    }

    @Test
    void freeingAtSwapTimeIsCaughtByTheSameCheck() throws Exception {
        Result r = torture(false);
        System.out.println("freed at swap time: " + r);
        assertTrue(r.usesAfterFree > 0, "freeing without a grace period went unnoticed over " + r.swaps + " swaps");
    }

    private Result torture(boolean waitForGracePeriod) throws Exception {
        SlowHandler.USES_AFTER_FREE.set(0);
        List<SlowHandler> handlers = new ArrayList<>();
        List<CompletableFuture<RemovalReport>> reports = new ArrayList<>();
        SlowHandler first = new SlowHandler();
        handlers.add(first);
        control.add(SPEC, first);
        Hammer hammer = new Hammer(4, false, shop::price);
        long end = System.nanoTime() + RUN_NANOS;
        while (System.nanoTime() < end) {
            SlowHandler next = new SlowHandler();
            SlowHandler old = handlers.get(handlers.size() - 1);
            handlers.add(next);
            CompletableFuture<RemovalReport> f = control.swap("torture", SPEC, next);
            if (waitForGracePeriod) {
                reports.add(f.thenApply(rep -> {
                    old.freed = true;
                    return rep;
                }));
            } else {
                old.freed = true;
                reports.add(f);
            }
            Thread.sleep(5);
        }
        long calls = hammer.stop();
        SlowHandler last = handlers.get(handlers.size() - 1);
        reports.add(control.remove("torture").thenApply(rep -> {
            last.freed = true;
            return rep;
        }));
        long reported = 0;
        for (CompletableFuture<RemovalReport> f : reports) {
            reported += f.get(60, TimeUnit.SECONDS).hits();
        }
        long handled = handlers.stream().mapToLong(h -> h.hits.sum()).sum();
        return new Result(SlowHandler.USES_AFTER_FREE.get(), handled, reported, calls, handlers.size() - 1);
    }

    private record Result(long usesAfterFree, long handlerHits, long reportedHits, long calls, int swaps) {}
}
