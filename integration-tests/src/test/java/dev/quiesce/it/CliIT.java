package dev.quiesce.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line against the example shop in JVMs on JDK 17 and JDK 25: attach by pid, add, watch, swap and
 * remove probes under load with no failed request, exact counts, Ctrl+C on a watch, and bad input on every
 * command answered with its exit code and no change to the target.
 */
class CliIT {
    static final String PRICE = "dev.quiesce.examples.shop.Catalog#price(long)";

    private static Cli.Result ok(String... args) throws Exception {
        Cli.Result r = Cli.run(args);
        assertEquals(0, r.code(), "quiesce " + String.join(" ", args) + "\n" + r.all());
        return r;
    }

    private static Cli.Result fails(int code, String says, String... args) throws Exception {
        Cli.Result r = Cli.run(args);
        assertEquals(code, r.code(), "quiesce " + String.join(" ", args) + "\n" + r.all());
        assertTrue(r.err().contains(says), "quiesce " + String.join(" ", args) + " should say \"" + says + "\"\n"
                + r.all());
        return r;
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"17", "25"})
    void probesAreAddedWatchedSwappedAndRemovedUnderLoad(String jdk) throws Exception {
        try (ShopProcess shop = ShopProcess.start(Jdks.javaOf(jdk), 2)) {
            String pid = shop.pid();
            assertTrue(ok("attach", pid).out().contains("quiesce agent running in JVM " + pid));
            fails(6, "already attached", "attach", pid);
            assertTrue(ok("probe", "add", pid, "timing", PRICE, "hist", "name=price").out().startsWith("added price v1"));
            Cli.Result watch = ok("watch", pid, "price", "--interval", "500ms", "--duration", "2s");
            assertTrue(watch.out().contains("price: ") && watch.out().contains("hits/s"), watch.all());
            assertTrue(watch.out().contains("@price (ns):") && watch.out().contains("|@"), watch.all());
            Cli.Result hist = ok("hist", pid, "price");
            assertTrue(hist.out().startsWith("@price (ns), ") && hist.out().contains("|@"), hist.all());
            assertTrue(ok("stats", pid).out().contains("grace periods (tasks)"));
            assertTrue(ok("stats", pid, "--json").out().contains("\"type\":\"stats\""));
            Cli.Result swap = ok("probe", "swap", pid, "price", "timing " + PRICE + " count name=price");
            assertTrue(swap.out().contains("removed probe price v1 (swapped)"), swap.all());
            Cli.Result removed = ok("probe", "remove", pid, "price");
            assertTrue(removed.out().contains("removed probe price v2 (removed)"), removed.all());
            assertTrue(ok("detach", pid).out().contains("detached from JVM " + pid));
            assertEquals(200, shop.get("/health"));
            long[] served = shop.stop();
            assertTrue(served[0] > 0, "the load generator ran");
            assertEquals(0, served[1], "no request failed; stderr:\n" + shop.stderr());
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"17", "25"})
    void countsAreExact(String jdk) throws Exception {
        try (ShopProcess shop = ShopProcess.start(Jdks.javaOf(jdk), 0)) {
            String pid = shop.pid();
            ok("probe", "add", pid, "entry " + PRICE + " count name=n"); // attaches first
            int calls = 500;
            for (int i = 0; i < calls; i++) {
                assertEquals(200, shop.get("/price?item=" + (i + 1)));
            }
            Cli.Result removed = ok("probe", "remove", pid, "n", "--json");
            assertTrue(removed.out().contains("\"hits\":" + calls + ","), removed.all());
            ok("detach", pid);
        }
    }

    @Test
    void endingAWatchRemovesTheProbeItAdded() throws Exception {
        try (ShopProcess shop = ShopProcess.start(Jdks.javaOf("17"), 1)) {
            String pid = shop.pid();
            ok("attach", pid);
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process watch = new ProcessBuilder(java.toString(), "-Dquiesce.agent.jar=" + Cli.agentJar(), "-jar",
                    Cli.jar("quiesce.cli.jar", "../cli/target/quiesce-cli.jar").toString(), "watch", pid,
                    "entry " + PRICE + " count name=watched").redirectErrorStream(true).start();
            Thread.sleep(3000);
            assertTrue(ok("probe", "list", pid).out().contains("watched v1"));
            // SIGTERM, like Ctrl+C's SIGINT, runs the shutdown hook that ends the watch (Process.destroy() would
            // also close the output read below)
            watch.toHandle().destroy();
            assertTrue(watch.waitFor(60, TimeUnit.SECONDS));
            String out = new String(watch.getInputStream().readAllBytes());
            assertTrue(out.contains("removed probe watched v1 (removed)"), out);
            assertEquals("no probes", ok("probe", "list", pid).out().strip());
            ok("detach", pid);
            assertEquals(0, shop.stop()[1]);
        }
    }

    @Test
    void badInputGetsAClearMessageAnExitCodeAndChangesNothing() throws Exception {
        fails(2, "not a process id", "stats", "notapid");
        fails(3, "no process with pid", "attach", "999999999");
        Process dead = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-version").start();
        dead.waitFor();
        fails(3, "no process with pid " + dead.pid(), "probe", "list", Long.toString(dead.pid()));
        try (ShopProcess shop = ShopProcess.start(Jdks.javaOf("17"), 1)) {
            String pid = shop.pid();
            fails(5, "not attached", "probe", "list", pid);
            fails(5, "not attached", "detach", pid);
            ok("attach", pid);
            ok("probe", "add", pid, "entry " + PRICE + " count name=keep");
            Cli.Result spec = fails(2, "did you mean \"hist\"", "probe", "add", pid, "timing " + PRICE + " histo");
            assertTrue(spec.err().contains("^"), "the error points at the position: " + spec.all());
            fails(2, "no probe named \"nope\"", "probe", "remove", pid, "nope");
            fails(2, "no probe named \"nope\"", "probe", "swap", pid, "nope", "entry " + PRICE + " count");
            fails(2, "no probe named \"nope\"", "hist", pid, "nope");
            fails(2, "keeps no histogram", "hist", pid, "keep");
            fails(2, "no probe named \"nope\"", "watch", pid, "nope");
            fails(2, "give either a spec or --file FILE", "probe", "add", pid);
            Cli.Result list = ok("probe", "list", pid);
            assertEquals(1, list.out().strip().lines().count(), list.all());
            assertTrue(list.out().startsWith("keep v1"), list.all());
            ok("detach", pid);
            fails(5, "not attached", "detach", pid);
            assertEquals(200, shop.get("/health"));
            assertEquals(0, shop.stop()[1]);
        }
    }
}
