package dev.quiesce.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.quiesce.rcu.TasksRcu;
import dev.quiesce.torture.Torture;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the torture test (and the demo) in child JVMs on JDK 17 and on JDK 21+: the tasks and trace flavors for
 * {@code quiesce.torture.seconds} (default 20) must end in SUCCESS with no errors and a million reader
 * checks or more; the busted flavor, for 5 s, must end in FAILURE with too-short grace periods.
 *
 * <p>The child's classpath is where this JVM loaded the torture and runtime classes from (jars, or class
 * directories in a reactor build), so it needs no copying and no naming convention. The JDKs come from
 * {@code quiesce.jdk17.home} and {@code quiesce.jdk25.home}, else from /usr/lib/jvm; a JDK that is not found
 * skips its runs.
 */
class TortureIT {
    private static final int SECONDS = Integer.getInteger("quiesce.torture.seconds", 20);
    private static final int BUSTED_SECONDS = 5;
    private static final long MIN_CHECKS = 1_000_000;
    /** Beyond the run itself: JVM start, stopping, and the torture's own watchdog (20 s). */
    private static final long SLACK_SECONDS = 60;
    private static final Path LOGS = Path.of("target", "torture-it");

    @ParameterizedTest(name = "{0} on JDK {1}")
    @CsvSource({"tasks, 17", "tasks, 25", "trace, 17", "trace, 25"})
    void flavorSurvivesTorture(String flavor, String jdk) throws Exception {
        Run run = torture(jdk, flavor, SECONDS);
        assertEquals(0, run.exitCode, run.describe("exit code"));
        assertEquals("End of test: SUCCESS", run.lastLine(), run.describe("verdict"));
        for (String counter : List.of("Too-short grace periods", "Memory-ordering errors", "Barrier errors",
                "Forward-progress errors", "Thread errors")) {
            assertEquals(0, run.count(counter), run.describe(counter));
        }
        long checks = run.count("Reader checks");
        assertTrue(checks >= MIN_CHECKS, run.describe("only " + checks + " reader checks, expected " + MIN_CHECKS));
        if (flavor.equals("tasks")) {
            // Its callbacks and retirements run on a reclaim queue whose worker creation fails in alternate
            // phases: the rescuer must have run batches, and every callback queued must have run, once.
            Matcher m = run.find("callbacks queued=(\\d+) invoked=(\\d+) failed=(\\d+) pending=(\\d+).*"
                    + "callback queue: (\\d+) batches rescued, (\\d+) worker creations failed");
            assertEquals(m.group(1), m.group(2), run.describe("callbacks queued against invoked"));
            assertEquals("0", m.group(3), run.describe("failed callbacks"));
            assertEquals("0", m.group(4), run.describe("pending callbacks"));
            assertTrue(Long.parseLong(m.group(6)) > 0,
                    run.describe("no worker creation failed: the fault phases did not run"));
            assertTrue(Long.parseLong(m.group(5)) > 0, run.describe("the rescuer ran no batch"));
        }
    }

    @ParameterizedTest(name = "busted on JDK {0}")
    @ValueSource(strings = {"17", "25"})
    void bustedFlavorFails(String jdk) throws Exception {
        Run run = torture(jdk, "busted", BUSTED_SECONDS);
        assertEquals(1, run.exitCode, run.describe("exit code"));
        assertEquals("End of test: FAILURE", run.lastLine(), run.describe("verdict"));
        assertTrue(run.count("Too-short grace periods") > 0, run.describe("no too-short grace period found"));
    }

    /** The demo behind {@code ./quiesce demo}: every retired resource closed, no reader ever saw a closed one. */
    @ParameterizedTest(name = "demo on JDK {0}")
    @ValueSource(strings = {"17", "25"})
    void demoRetiresSafely(String jdk) throws Exception {
        Path java = Jdks.javaOf(jdk);
        Files.createDirectories(LOGS);
        Path out = LOGS.resolve("demo-jdk" + jdk + ".out");
        List<String> command = List.of(java.toString(), "-cp",
                childClasspath() + File.pathSeparator + locationOf(dev.quiesce.examples.RetireDemo.class),
                dev.quiesce.examples.RetireDemo.class.getName(), "2");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(SLACK_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            fail("demo still running after " + SLACK_SECONDS + " s");
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("SAFE: no reader ever used a retired resource after it was closed"), output);
        assertTrue(output.contains("reads of a closed one    0"), output);
    }

    /** Runs the torture main on the JDK named {@code jdk} ("17" or "25") and waits for it. */
    private static Run torture(String jdk, String flavor, int seconds) throws Exception {
        Path java = Jdks.javaOf(jdk);
        Files.createDirectories(LOGS);
        String name = flavor + "-jdk" + jdk;
        Path out = LOGS.resolve(name + ".out");
        Path err = LOGS.resolve(name + ".err");
        List<String> command = List.of(java.toString(), "-cp", childClasspath(), Torture.class.getName(),
                "--flavor", flavor, "--seconds", Integer.toString(seconds));
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(seconds + SLACK_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            fail("torture " + name + " still running " + (seconds + SLACK_SECONDS) + " s after its start; output:\n"
                    + Files.readString(out, StandardCharsets.UTF_8));
        }
        return new Run(name, p.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** The torture classes and the runtime (which has no dependencies), as jars or class directories. */
    private static String childClasspath() throws URISyntaxException {
        Set<String> entries = new LinkedHashSet<>();
        entries.add(locationOf(Torture.class));
        entries.add(locationOf(TasksRcu.class));
        return String.join(File.pathSeparator, entries);
    }

    private static String locationOf(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    /** A finished torture run: its exit code and output. */
    private static final class Run {
        final String name;
        final int exitCode;
        final List<String> lines;
        final String stderr;

        Run(String name, int exitCode, List<String> lines, String stderr) {
            this.name = name;
            this.exitCode = exitCode;
            this.lines = lines;
            this.stderr = stderr;
        }

        String lastLine() {
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i);
                }
            }
            return "";
        }

        /** The first match of {@code regex} in a line of the output; fails if none. */
        Matcher find(String regex) {
            Pattern p = Pattern.compile(regex);
            for (String line : lines) {
                Matcher m = p.matcher(line);
                if (m.find()) {
                    return m;
                }
            }
            fail(describe("no line matches " + regex));
            return null;
        }

        /** The number after {@code "<label>: "} at the start of a summary line. */
        long count(String label) {
            Pattern p = Pattern.compile("^" + Pattern.quote(label) + ": (\\d+)");
            for (String line : lines) {
                Matcher m = p.matcher(line);
                if (m.find()) {
                    return Long.parseLong(m.group(1));
                }
            }
            fail(describe("no \"" + label + ":\" line"));
            return -1;
        }

        String describe(String what) {
            return "torture " + name + ": " + what + "; exit code " + exitCode + ", output:\n"
                    + String.join("\n", lines) + (stderr.isBlank() ? "" : "\nstderr:\n" + stderr);
        }
    }
}
