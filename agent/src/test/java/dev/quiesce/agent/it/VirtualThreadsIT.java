package dev.quiesce.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quiesce.agent.boot.AgentControl;
import dev.quiesce.agent.boot.ProbeControl;
import dev.quiesce.agent.boot.RemovalReport;
import example.shop.Shop;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Probes hit by many virtual threads that park between calls (JDK 21+; skipped on 17). */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class VirtualThreadsIT {
    private final ProbeControl control = AgentControl.control();
    private final Shop shop = new Shop();

    @Test
    void swapAndRemoveUnderVirtualThreadLoadAccountForEveryCall() throws Exception {
        assumeTrue(VirtualThreads.available(), "virtual threads need JDK 21+");
        CountingHandler a = new CountingHandler();
        CountingHandler b = new CountingHandler();
        String spec = "entry example.shop.Shop#price handler=dev.quiesce.agent.it.CountingHandler name=vt";
        control.add(spec, a);
        Hammer hammer = new Hammer(200, true, i -> {
            long p = shop.price(i);
            if ((i & 15) == 0) {
                LockSupport.parkNanos(50_000); // unmount: the carrier's quiescent state
            }
            return p;
        });
        Thread.sleep(300);
        RemovalReport ofA = control.swap("vt", spec, b).join();
        a.closed = true;
        Thread.sleep(300);
        long calls = hammer.stop();
        RemovalReport ofB = control.remove("vt").join();
        b.closed = true;
        assertEquals(a.entries.sum(), ofA.hits());
        assertEquals(b.entries.sum(), ofB.hits());
        assertEquals(calls, ofA.hits() + ofB.hits(), "every call handled by exactly one version");
        assertEquals(0, a.violations.get() + b.violations.get());
        assertTrue(ofA.hits() > 0 && ofB.hits() > 0);
    }

    /**
     * The hooks woven into {@code VirtualThread} ran: every carrier that ran a virtual thread has a
     * quiescent-state record, which only the mount and unmount hooks create for a carrier (grace periods only
     * look records up). Reached by reflection: the registry is the runtime's internal.
     */
    @Test
    void theCarrierHooksGiveEveryCarrierARecord() throws Exception {
        assumeTrue(VirtualThreads.available(), "virtual threads need JDK 21+");
        java.util.Set<Thread> carriers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.lang.reflect.Method currentCarrier = Thread.class.getDeclaredMethod("currentCarrierThread");
        boolean canAsk = currentCarrier.trySetAccessible();
        List<Thread> vts = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            vts.add(VirtualThreads.start(() -> {
                for (int j = 0; j < 100; j++) {
                    LockSupport.parkNanos(10_000);
                    if (canAsk) {
                        try {
                            carriers.add((Thread) currentCarrier.invoke(null));
                        } catch (ReflectiveOperationException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            }));
        }
        for (Thread t : vts) {
            t.join();
        }
        if (!canAsk) { // java.base not opened to us: find the carriers by their thread group instead
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getThreadGroup() != null && t.getThreadGroup().getName().equals("CarrierThreads")
                        && t.getName().contains("-worker-")) { // not the pool's timer thread
                    carriers.add(t);
                }
            }
        }
        assertTrue(!carriers.isEmpty());
        Class<?> registry = Class.forName("dev.quiesce.rcu.QsRegistry");
        java.lang.reflect.Field instance = registry.getDeclaredField("INSTANCE");
        instance.setAccessible(true);
        java.lang.reflect.Method lookup = registry.getDeclaredMethod("lookup", Thread.class);
        lookup.setAccessible(true);
        for (Thread carrier : carriers) {
            assertTrue(lookup.invoke(instance.get(null), carrier) != null, "no record for carrier " + carrier);
        }
    }

    @Test
    void gracePeriodsEndWhileVirtualThreadsSpinInsideProbedMethods() throws Exception {
        assumeTrue(VirtualThreads.available(), "virtual threads need JDK 21+");
        control.add("timing example.shop.Shop#price hist name=vt-hist");
        Hammer hammer = new Hammer(64, true, shop::price); // never park: carriers stay busy
        Thread.sleep(200);
        RemovalReport r = control.remove("vt-hist").join();
        hammer.stop();
        assertTrue(r.hits() > 0, r.toString());
        assertTrue(r.gracePeriodNanos() < TimeUnit.SECONDS.toNanos(30), r.toString());
    }
}
