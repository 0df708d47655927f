package dev.quiesce.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code ./quiesce bench --smoke} on the packaged jar, from the repository root: every part of the suite runs
 * once (JMH forks with the agent and the peers, the real service), every trial gives a result, every target gets
 * a verdict, and the JSON, the generated Markdown and the pictures are written. The numbers are not looked at.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BenchSuiteIT {
    @Test
    void everyPartOfTheSuiteRunsAndIsReported() throws Exception {
        Path out = Paths.get("benchmarks", "target", "bench");
        for (String f : List.of("results.json", "benchmarks-section.md")) {
            Files.deleteIfExists(out.resolve(f));
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", "benchmarks/target/benchmarks.jar", BenchSuite.class.getName(),
                "--smoke").redirectErrorStream(true).redirectOutput(out.resolveSibling("bench-smoke.out").toFile())
                .start();
        assertTrue(p.waitFor(14, TimeUnit.MINUTES), "the smoke suite did not end");
        String text = Files.readString(out.resolveSibling("bench-smoke.out"));
        assertEquals(0, p.exitValue(), "exit code; output:\n" + text);

        Matcher summary = Pattern.compile("quiesce bench: (\\d+) target\\(s\\) met, (\\d+) missed, (\\d+) without a result")
                .matcher(text);
        assertTrue(summary.find(), text);
        int verdicts = Integer.parseInt(summary.group(1)) + Integer.parseInt(summary.group(2));
        assertEquals("0", summary.group(3), "targets without a result:\n" + text);
        assertTrue(verdicts >= 25, "only " + verdicts + " targets judged");

        String json = Files.readString(out.resolve("results.json"));
        assertFalse(json.contains("\"failure\""), "a trial failed:\n" + json);
        for (String id : List.of("probe-cost", "removal", "lifecycle", "grace-period", "workqueue", "real-service")) {
            assertTrue(json.contains("\"id\": \"" + id + "\""), "no section " + id);
        }
        assertTrue(json.contains("\"mode\": \"smoke\""), json);

        String md = Files.readString(out.resolve("benchmarks-section.md"));
        assertTrue(md.startsWith(BenchSuite.BEGIN) && md.trim().endsWith(BenchSuite.END), md);
        assertTrue(md.contains("### Against the targets (this run)"), md);
        for (String svg : List.of("probe-cost.svg", "removal.svg", "grace-period.svg", "real-service-latency.svg")) {
            byte[] bytes = Files.readAllBytes(out.resolve(svg));
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.newDocumentBuilder().parse(new ByteArrayInputStream(bytes)); // throws unless well-formed
            assertTrue(md.contains("](bench/" + svg + ")"), "the Markdown does not show " + svg);
            assertFalse(new String(bytes, StandardCharsets.UTF_8).contains("no data"), svg + " has no data");
        }

        // --render reads the results back and regenerates the same section and pictures, running nothing
        String svgBefore = Files.readString(out.resolve("grace-period.svg"));
        java.io.ByteArrayOutputStream rendered = new java.io.ByteArrayOutputStream();
        int code = BenchSuite.run(new String[] {"--render", out.resolve("results.json").toString()},
                new java.io.PrintStream(rendered, true, StandardCharsets.UTF_8), System.err);
        assertEquals(0, code, rendered.toString(StandardCharsets.UTF_8));
        assertEquals(md, Files.readString(out.resolve("benchmarks-section.md")), "the rendered section differs");
        assertEquals(svgBefore, Files.readString(out.resolve("grace-period.svg")), "the rendered picture differs");
        assertEquals(json, Files.readString(out.resolve("results.json")), "the rewritten results differ");
    }
}
