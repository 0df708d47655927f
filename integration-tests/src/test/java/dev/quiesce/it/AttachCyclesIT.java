package dev.quiesce.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.tools.attach.VirtualMachine;
import dev.quiesce.agent.control.wire.Frames;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attach, add a probe, call it, remove it, detach: 200 times on one service under load. Every cycle succeeds,
 * the service never fails a request, and afterwards the agent's class loaders are gone (a live-object histogram
 * after a full GC), and metaspace and the thread count are back within a bound of where they were after the
 * first cycle (which leaves the boot jar's classes, loaded once for good).
 */
class AttachCyclesIT {
    static final int CYCLES = Integer.getInteger("quiesce.attach.cycles", 200);
    static final String LOADER = "dev.quiesce.agent.NestedJarClassLoader";
    /** Metaspace may grow this much over the cycles (JDK caches, the JIT's data), not per cycle. */
    static final long METASPACE_BOUND = 16L << 20;

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"17", "25"})
    void attachProbeDetachCyclesLeaveNothingBehind(String jdk) throws Exception {
        Path java = Jdks.javaOf(jdk);
        Path bin = java.getParent();
        try (ShopProcess shop = ShopProcess.start(java, 1, "-Xmx256m")) {
            String pid = shop.pid();
            cycle(shop, 0);
            liveLoaders(bin, pid); // a full GC before the baseline
            Map<String, Long> base = counters(bin, pid);
            for (int i = 1; i < CYCLES; i++) {
                cycle(shop, i);
            }
            long loaders = liveLoaders(bin, pid);
            for (int wait = 0; loaders > 0 && wait < 20; wait++) {
                // the last detach's threads (the request's, the one closing the workers) end just after it answers
                Thread.sleep(500);
                loaders = liveLoaders(bin, pid);
            }
            assertEquals(0, loaders, "agent class loaders still reachable after " + CYCLES + " detaches");
            Map<String, Long> after = counters(bin, pid);
            long metaspaceGrowth = after.get("sun.gc.metaspace.used") - base.get("sun.gc.metaspace.used");
            for (int gc = 0; gc < 10 && metaspaceGrowth >= METASPACE_BOUND; gc++) {
                // the metadata of unloaded classes is purged after the collection that unloaded them
                tool(bin, "jcmd", pid, "GC.run");
                Thread.sleep(500);
                after = counters(bin, pid);
                metaspaceGrowth = after.get("sun.gc.metaspace.used") - base.get("sun.gc.metaspace.used");
            }
            assertTrue(metaspaceGrowth < METASPACE_BOUND, "metaspace grew by " + (metaspaceGrowth >> 10) + " KiB over "
                    + CYCLES + " cycles: " + base + " -> " + after);
            long threadGrowth = after.get("java.threads.live") - base.get("java.threads.live");
            // the runtime's idle workqueue workers retire after their idle timeout: a few may still be there
            assertTrue(threadGrowth <= 8, "live threads grew by " + threadGrowth + ": " + base + " -> " + after);
            assertTrue(after.get("java.cls.unloadedClasses") > base.get("java.cls.unloadedClasses"),
                    "the agent's classes were unloaded: " + base + " -> " + after);
            long[] served = shop.stop();
            assertEquals(0, served[1], "no request failed; stderr:\n" + shop.stderr());
        }
    }

    private static void cycle(ShopProcess shop, int i) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(shop.pid());
        String socket;
        try {
            vm.loadAgent(Cli.agentJar().toString(), "control=true");
            socket = vm.getSystemProperties().getProperty("quiesce.control");
        } finally {
            vm.detach();
        }
        assertTrue(socket != null, "cycle " + i + ": no control socket");
        String name = "c" + i;
        request(socket, "add", "entry " + CliIT.PRICE + " count name=" + name);
        for (int k = 0; k < 3; k++) {
            assertEquals(200, shop.get("/price?item=" + (k + 1)));
        }
        List<String> removed = request(socket, "remove", name);
        assertTrue(removed.get(0).startsWith("removed probe " + name + " v1 (removed)"), "cycle " + i + ": " + removed);
        request(socket, "detach");
    }

    /** One request over the control socket; its output lines. Fails on an error answer. */
    static List<String> request(String socket, String... args) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            Frames.writeRequest(new DataOutputStream(Channels.newOutputStream(ch)), List.of(args));
            DataInputStream in = new DataInputStream(Channels.newInputStream(ch));
            List<String> out = new ArrayList<>();
            for (Frames.Frame f; ; ) {
                f = Frames.readFrame(in);
                if (f.kind() == Frames.OUTPUT) {
                    out.add(f.text());
                } else if (f.kind() == Frames.OK) {
                    return out;
                } else if (f.kind() == Frames.ERROR) {
                    throw new AssertionError(String.join(" ", args) + ": " + f.text());
                }
            }
        }
    }

    /** Instances of the agent's class loader alive after a full GC ({@code jmap -histo:live}). */
    private static long liveLoaders(Path bin, String pid) throws Exception {
        String histo = tool(bin, "jmap", "-histo:live", pid);
        for (String line : histo.split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length >= 4 && cols[3].equals(LOADER)) { // "1:  instances  bytes  class (module)"
                return Long.parseLong(cols[1]);
            }
        }
        return 0;
    }

    private static Map<String, Long> counters(Path bin, String pid) throws Exception {
        Map<String, Long> m = new HashMap<>();
        for (String line : tool(bin, "jcmd", pid, "PerfCounter.print").split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                String key = line.substring(0, eq).trim();
                if (key.equals("sun.gc.metaspace.used") || key.equals("java.threads.live")
                        || key.equals("java.cls.unloadedClasses")) {
                    m.put(key, Long.parseLong(line.substring(eq + 1).trim()));
                }
            }
        }
        assertEquals(3, m.size(), "perf counters: " + m);
        return m;
    }

    private static String tool(Path bin, String tool, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(bin.resolve(tool).toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, tool + " failed: " + out);
        return out;
    }
}
