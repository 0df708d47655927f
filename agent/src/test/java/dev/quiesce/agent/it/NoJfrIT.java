package dev.quiesce.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import example.shop.Shop;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * JFR is optional: in a JVM whose boot layer lacks the jdk.jfr module, the agent (and the runtime under it)
 * add, swap, capture and detach as usual ({@link NoJfrMain}, in a child JVM with {@code --limit-modules}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NoJfrIT {
    @Test
    void theAgentWorksWithoutTheJfrModule() throws Exception {
        String agent = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-javaagent:")).findFirst().orElseThrow();
        String testClasses = Path.of(Shop.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--limit-modules", "java.base,java.instrument,jdk.management", "-Xss1m", agent, "-cp",
                testClasses, NoJfrMain.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("ok without jdk.jfr"), out);
        assertTrue(!out.contains("NoClassDefFoundError"), out);
    }
}
