package dev.quiesce.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.tools.attach.VirtualMachine;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A scenario main run in a child JVM to its end, the quiesce agent either on its command line or attached by
 * pid once it has started; what {@code AgentIT} and {@code SecondAgentIT} share.
 */
final class ScenarioJvm {
    static final long TIMEOUT_SECONDS = 120;

    private ScenarioJvm() {}

    /**
     * Runs {@code command} with its output in {@code out}; if {@code attachArgs} is not null, loads the agent
     * into it by pid with those arguments ("" for none). Fails unless it ends with exit code 0 in time.
     *
     * @return what it printed
     */
    static String run(List<String> command, Path out, String attachArgs) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            if (attachArgs != null) {
                awaitMain(p, out);
                VirtualMachine vm = attach(p);
                try {
                    vm.loadAgent(Cli.agentJar().toString(), attachArgs.isEmpty() ? null : attachArgs);
                } finally {
                    vm.detach();
                }
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                fail("scenario still running after " + TIMEOUT_SECONDS + " s:\n" + Files.readString(out));
            }
        } finally {
            p.destroyForcibly().waitFor();
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), output);
        return output;
    }

    /**
     * Waits until the scenario's main has printed its first line ({@code pid ...}): a JVM attached to while it
     * is still starting may fail to load the agent before any of the agent's code runs (JDK 17 answered one such
     * load with "java.lang.NullPointerException", while loading the {@code java.instrument} module). Once main
     * runs, the JVM is initialized.
     */
    private static void awaitMain(Process p, Path out) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (Files.size(out) == 0) {
            if (!p.isAlive()) {
                fail("the scenario ended before its main printed anything (exit " + p.exitValue() + ")");
            }
            if (System.nanoTime() - deadline > 0) {
                fail("the scenario's main printed nothing in " + TIMEOUT_SECONDS + " s");
            }
            Thread.sleep(10);
        }
    }

    /**
     * Attaches to a JVM that has just been started. Its attach listener answers only once the JVM has set up its
     * signal handling; on a loaded machine the first request can go unanswered for the JDK's whole attach timeout
     * (10 s), so a request that got no answer is made again, twice at most, while the process lives.
     */
    private static VirtualMachine attach(Process p) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return VirtualMachine.attach(Long.toString(p.pid()));
            } catch (com.sun.tools.attach.AttachNotSupportedException e) {
                if (attempt == 3 || !p.isAlive() || String.valueOf(e.getMessage()).indexOf("respond") < 0) {
                    throw e;
                }
            }
        }
    }

    /** The class path entry (test classes directory or jar) a class was loaded from. */
    static Path location(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** A class path holding the test classes, for a scenario main. */
    static String classpathOf(Class<?> scenario) throws URISyntaxException {
        return location(scenario) + File.pathSeparator;
    }
}
