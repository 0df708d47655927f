package dev.quiesce.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import example.shop.Shop;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The agent as a JMX client (JConsole, VisualVM) sees it: the bean lists probes and stats, and adds, swaps and
 * removes probes with the same texts and errors as the command line. Also: the control socket is published.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JmxIT {
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    private Object invoke(ObjectName name, String op, String... args) throws Exception {
        String[] sig = new String[args.length];
        java.util.Arrays.fill(sig, String.class.getName());
        return server.invoke(name, op, args, sig);
    }

    @Test
    void theBeanShowsAndDrivesProbes() throws Exception {
        ObjectName name = new ObjectName("dev.quiesce:type=Agent");
        assertTrue(server.isRegistered(name));
        Object added = invoke(name, "addProbe", "timing example.shop.Shop#price count name=jmx");
        assertTrue(added.toString().startsWith("added jmx v1"), added.toString());
        Shop shop = new Shop();
        for (int i = 0; i < 1000; i++) {
            shop.price(i);
        }
        String[] probes = (String[]) server.getAttribute(name, "Probes");
        assertEquals(1, probes.length);
        assertTrue(probes[0].startsWith("jmx v1") && probes[0].contains("1000 hit(s)"), probes[0]);
        assertTrue(server.getAttribute(name, "Stats").toString().contains("grace periods (tasks)"));
        RuntimeMBeanException bad = assertThrows(RuntimeMBeanException.class,
                () -> invoke(name, "addProbe", "entry example.shop.Shop#price counts"));
        assertTrue(bad.getCause() instanceof IllegalArgumentException && bad.getCause().getMessage().contains("counts"),
                String.valueOf(bad.getCause()));
        String swapped = invoke(name, "swapProbe", "jmx", "timing example.shop.Shop#price hist name=jmx").toString();
        assertTrue(swapped.contains("removed probe jmx v1 (swapped)") && swapped.contains("final: 1000 hit(s)"), swapped);
        shop.price(1);
        assertTrue(invoke(name, "histogram", "jmx").toString().startsWith("@jmx (ns), 1 call(s)"));
        String removed = invoke(name, "removeProbe", "jmx").toString();
        assertTrue(removed.startsWith("removed probe jmx v2 (removed)"), removed);
        assertEquals(0, ((String[]) server.getAttribute(name, "Probes")).length);
    }

    @Test
    void theControlSocketIsPublishedForThisJvm() {
        String socket = System.getProperty("quiesce.control");
        assertTrue(socket != null && socket.endsWith("/" + ProcessHandle.current().pid() + ".sock"), socket);
        assertTrue(Files.exists(Path.of(socket)));
    }
}
