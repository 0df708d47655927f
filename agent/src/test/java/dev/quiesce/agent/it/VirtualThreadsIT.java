package dev.quiesce.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quiesce.agent.boot.AgentControl;
import dev.quiesce.agent.boot.ProbeControl;
import dev.quiesce.agent.boot.RemovalReport;
import example.shop.Shop;
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
