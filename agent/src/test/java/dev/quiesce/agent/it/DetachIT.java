package dev.quiesce.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.agent.boot.AgentControl;
import dev.quiesce.agent.boot.ProbeControl;
import dev.quiesce.agent.boot.RemovalReport;
import example.shop.Shop;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Detach in a JVM of its own: every probe removed with a report, every site stripped while a frame of woven
 * code keeps running, the control withdrawn, the agent's class loader collected.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DetachIT {
    @Test
    void detachRemovesEveryProbeStripsSitesAndReleasesTheAgentsClassLoader() throws Exception {
        WeakReference<ClassLoader> agentLoader = detachAndCheck();
        awaitCollected(agentLoader); // out here: no frame of detachAndCheck still holds the control
    }

    /** Detaches and checks everything but the loader; returns a weak reference to the agent's class loader. */
    private WeakReference<ClassLoader> detachAndCheck() throws Exception {
        ProbeControl control = AgentControl.control();
        Shop shop = new Shop();
        control.add("entry example.shop.Shop#priceMany count name=outer");
        control.add("entry example.shop.Shop#price count name=inner");
        long[] result = new long[1];
        Thread looper = new Thread(() -> result[0] = shop.priceMany(20_000_000), "looper");
        looper.start();
        Thread.sleep(50);
        WeakReference<ClassLoader> agentLoader = new WeakReference<>(control.getClass().getClassLoader());
        List<RemovalReport> reports = control.detach().get(60, TimeUnit.SECONDS);
        assertEquals(2, reports.size());
        assertTrue(reports.stream().allMatch(r -> r.reason().equals("detached")), reports.toString());
        assertFalse(AgentControl.isInstalled());
        assertNull(System.getProperty("quiesce.control"), "the control socket is withdrawn");
        assertFalse(java.lang.management.ManagementFactory.getPlatformMBeanServer().isRegistered(
                new javax.management.ObjectName("dev.quiesce:type=Agent")), "the JMX bean is unregistered");
        assertThrows(IllegalStateException.class, AgentControl::control);
        ProbeControl detached = control;
        assertThrows(IllegalStateException.class, () -> detached.add("entry example.shop.Shop#price count"));
        looper.join(); // its frame ran woven code through the strip: its sites are no-ops now
        long expected = 0;
        for (int i = 0; i < 20_000_000; i++) {
            expected += i * 31L + 7;
        }
        assertEquals(expected, result[0]);
        assertEquals(20_000_000L, shop.sold());
        assertThrows(IllegalStateException.class, () -> AgentControl.control().list());
        return agentLoader;
    }

    /**
     * The agent's class loader is collected: the agent dropped every reference it holds (threads, transformers,
     * control, the domain's describer). Called after {@link #detachAndCheck()} has returned, since a frame that
     * still holds the control keeps the loader alive. Set {@code -Dquiesce.test.heapDump=true} to write
     * target/detach-leak.hprof when it stays.
     */
    private static void awaitCollected(WeakReference<ClassLoader> agentLoader) throws Exception {
        for (int i = 0; i < 250 && agentLoader.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        if (agentLoader.get() != null && Boolean.getBoolean("quiesce.test.heapDump")) {
            java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .dumpHeap("target/detach-leak.hprof", true);
        }
        assertNull(agentLoader.get(), "the agent's class loader is unreachable after detach (run with "
                + "-Dquiesce.test.heapDump=true for target/detach-leak.hprof)");
    }
}
