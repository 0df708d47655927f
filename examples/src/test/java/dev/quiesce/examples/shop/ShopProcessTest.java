package dev.quiesce.examples.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The program in a child JVM: the startup line, the load, SIGTERM, the final line, exit status 0. */
class ShopProcessTest {
    private static final Pattern STARTUP = Pattern.compile("shop: listening on http://127\\.0\\.0\\.1:(\\d+) pid (\\d+)");

    @Test
    void stopsInOrderAndExitsZeroOnSigterm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classes = Path.of(ShopService.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Process p = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", classes, ShopService.class.getName(),
                "--load", "1").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            Matcher m = STARTUP.matcher(String.valueOf(first));
            assertTrue(m.matches(), "startup line: " + first);
            assertEquals(p.pid(), Long.parseLong(m.group(2)));
            int port = Integer.parseInt(m.group(1));
            assertEquals("ok\n", Http.get(port, "/health").body());
            Thread.sleep(300); // some load
            p.toHandle().destroy(); // SIGTERM (Process.destroy() would also close our end of its stdout)
            List<String> rest = new ArrayList<>();
            for (String line; (line = out.readLine()) != null; ) { // to the end, before the process is reaped
                rest.add(line);
            }
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "exited");
            assertEquals(0, p.exitValue(), "exit status; output " + rest);
            assertEquals(1, rest.size(), "output after the startup line: " + rest);
            assertTrue(rest.get(0).matches("shop: served [1-9]\\d* request\\(s\\), 0 failed"), rest.get(0));
        } finally {
            p.destroyForcibly();
        }
    }
}
