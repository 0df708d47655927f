package dev.quiesce.jcstress;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.infra.Status;
import org.openjdk.jcstress.infra.collectors.DiskReadCollector;
import org.openjdk.jcstress.infra.collectors.InProcessCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;
import org.openjdk.jcstress.infra.grading.GradingResult;
import org.openjdk.jcstress.infra.grading.TestGrading;
import org.openjdk.jcstress.infra.runners.TestList;

/**
 * The build's jcstress gate. Runs the quiesce tests of this jar in two jcstress runs, each a child JVM
 * started from the same jar and JDK, then grades the binary result files jcstress leaves behind (jcstress's
 * own exit status says only "something failed", which is expected of the second run):
 *
 * <ol>
 *   <li>the tests run: every test whose name does not end in {@code Broken}, in {@code --mode}, in every
 *       JVM configuration jcstress finds. Each must run and pass: no FORBIDDEN or unknown outcome, no
 *       error.</li>
 *   <li>the teeth run: every test and every {@code *Broken} twin, in one short configuration tuned to make
 *       the twins' races visible ({@link #TEETH}: C2 only, small strides, one second per test). Every
 *       test must pass again, and every twin must run without error and show at least one FORBIDDEN
 *       outcome; a twin that shows none is run again on its own, up to {@code --teeth-retries} more times,
 *       since its race is rare and the machine may be busy. A twin that still passes means the
 *       configuration, or its test, can no longer see the race the test is about: the gate fails.</li>
 * </ol>
 *
 * <p>Usage: {@code java -cp jcstress.jar dev.quiesce.jcstress.Gate --mode sanity [--work dir]
 * [--timeout-minutes N] [--teeth "jcstress options"] [--teeth-retries 4]}. The timeout applies to each
 * jcstress run (default 30 minutes in sanity and quick modes, 240 otherwise). Exit status 0 when everything
 * holds, 1 when not, 2 on bad usage. jcstress's reports land in {@code <work>/tests/report} and
 * {@code <work>/teeth/report}.
 */
public final class Gate {
    private static final String PREFIX = "dev.quiesce.";
    private static final String BROKEN = "Broken";
    /** The teeth run's jcstress options. */
    static final String TEETH =
            "-m quick -jvmArgs -XX:-TieredCompilation -sc false -iters 1 -time 1000 -strideSize 4";

    private Gate() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    static int run(String[] args) throws Exception {
        String mode = null;
        String teeth = TEETH;
        Path work = Path.of("jcstress-gate");
        long timeoutMinutes = -1;
        int retries = 4;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                return usage("missing value after " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--mode" -> mode = v;
                case "--teeth" -> teeth = v;
                case "--work" -> work = Path.of(v);
                case "--timeout-minutes" -> timeoutMinutes = Long.parseLong(v);
                case "--teeth-retries" -> retries = Integer.parseInt(v);
                default -> {
                    return usage("unknown option " + a);
                }
            }
        }
        if (mode == null) {
            return usage("--mode is required");
        }
        if (timeoutMinutes < 0) { // a safety net against a hung run, not a time budget
            timeoutMinutes = switch (mode) {
                case "sanity", "quick" -> 30;
                default -> 240;
            };
        }

        List<String> all = TestList.tests().stream().filter(n -> n.startsWith(PREFIX)).sorted().toList();
        List<String> tests = all.stream().filter(n -> !n.endsWith(BROKEN)).toList();
        List<String> broken = all.stream().filter(n -> n.endsWith(BROKEN)).toList();
        System.out.printf("quiesce jcstress gate: %d tests, %d broken twins; %s %s%n", tests.size(), broken.size(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        if (tests.isEmpty() || broken.isEmpty()) {
            System.out.println("quiesce jcstress gate: FAILED: no tests or no broken twins in " + TestList.LIST);
            return 1;
        }

        long t0 = System.nanoTime();
        deleteRecursively(work);
        Map<String, List<TestResult>> testsRun =
                runJcstress(work.resolve("tests"), tests, List.of("-m", mode), timeoutMinutes, false);
        List<String> teethOptions = List.of(teeth.trim().split("\\s+"));
        Map<String, List<TestResult>> teethRun =
                runJcstress(work.resolve("teeth"), all, teethOptions, timeoutMinutes, true);
        // A twin's race is rare and the machine may be busy: a twin without a FORBIDDEN outcome gets a few
        // more runs of its own before the gate concludes it has no teeth. Passing tests get no second chance.
        for (int attempt = 2; attempt <= 1 + retries; attempt++) {
            List<String> toothless = broken.stream()
                    .filter(n -> Verdict.of(teethRun.get(n)).errors == 0 && Verdict.of(teethRun.get(n)).forbidden == 0)
                    .toList();
            if (toothless.isEmpty()) {
                break;
            }
            System.out.println();
            System.out.println("quiesce jcstress gate: no FORBIDDEN outcome yet from " + toothless + "; attempt "
                    + attempt + " of " + (1 + retries));
            runJcstress(work.resolve("teeth-" + attempt), toothless, teethOptions, timeoutMinutes, true)
                    .forEach((n, rs) -> teethRun.computeIfAbsent(n, k -> new ArrayList<>()).addAll(rs));
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);

        List<String> failures = new ArrayList<>();
        System.out.println();
        System.out.println("quiesce jcstress gate results (tests run: -m " + mode + "; teeth run: " + teeth + "):");
        for (String name : tests) {
            check(name, "tests run", Verdict.of(testsRun.get(name)), false, failures);
        }
        for (String name : all) {
            check(name, "teeth run", Verdict.of(teethRun.get(name)), name.endsWith(BROKEN), failures);
        }
        System.out.println();
        int checks = tests.size() + all.size();
        System.out.println("jcstress: " + (checks - failures.size()) + " passed, " + failures.size() + " failed");
        if (!failures.isEmpty()) {
            System.out.println("quiesce jcstress gate: FAILED (" + seconds + " s):");
            failures.forEach(f -> System.out.println("  " + f));
            System.out.println("  reports: " + work.resolve("tests/report/index.html").toAbsolutePath() + ", "
                    + work.resolve("teeth/report/index.html").toAbsolutePath());
            return 1;
        }
        System.out.println("quiesce jcstress gate: OK (" + seconds + " s): every test passed in both runs, every "
                + "broken twin showed a FORBIDDEN outcome");
        return 0;
    }

    private static int usage(String problem) {
        System.err.println("quiesce jcstress gate: " + problem);
        System.err.println("usage: Gate --mode MODE [--work DIR] [--timeout-minutes N]"
                + " [--teeth \"jcstress options\"] [--teeth-retries N]");
        return 2;
    }

    private static void check(String name, String run, Verdict v, boolean mustFail, List<String> failures) {
        String problem = v.ran == 0 ? "did not run"
                : v.errors > 0 ? v.errors + " run(s) ended in error"
                : mustFail && v.forbidden == 0 ? "no FORBIDDEN outcome: this twin has no teeth"
                : !mustFail && !v.passed ? "FORBIDDEN or unknown outcomes" : null;
        System.out.printf("  %-4s %-42s %-9s %-9s samples=%-10d forbidden=%-8d forks=%d%s%n",
                problem == null ? "OK" : "FAIL", name.substring(PREFIX.length()), run,
                mustFail ? "must fail" : "must pass", v.samples, v.forbidden, v.ran,
                problem == null ? "" : "  <- " + problem);
        if (problem != null) {
            failures.add(name + " (" + run + "): " + problem);
            for (String m : v.messages) {
                System.out.println("         " + m);
            }
        }
    }

    /**
     * Runs jcstress on {@code names} in a fresh directory and returns its results by test name. The console
     * output of a teeth run, whose twins fail on purpose, goes to {@code <dir>/jcstress.log} instead.
     */
    private static Map<String, List<TestResult>> runJcstress(Path dir, List<String> names, List<String> options,
            long timeoutMinutes, boolean toLog) throws Exception {
        deleteRecursively(dir);
        Files.createDirectories(dir);
        String regex = names.stream().map(Pattern::quote).collect(Collectors.joining("|", "^(?:", ")$"));
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // jcstress loads JNA (CPU affinity); its forks inherit this flag
                "--enable-native-access=ALL-UNNAMED",
                "-cp", absoluteClassPath(),
                "org.openjdk.jcstress.Main",
                "-t", regex,
                "-r", dir.resolve("report").toAbsolutePath().toString()));
        cmd.addAll(options);
        System.out.println();
        System.out.println("quiesce jcstress gate: jcstress " + String.join(" ", options) + " on " + names.size()
                + " tests in " + dir);
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).inheritIO();
        if (toLog) {
            File log = dir.resolve("jcstress.log").toFile();
            pb.redirectErrorStream(true).redirectOutput(log);
            System.out.println("quiesce jcstress gate: its twins fail on purpose; jcstress's output is in " + log);
        }
        Process p = pb.start();
        if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IllegalStateException("jcstress did not finish within " + timeoutMinutes + " minutes");
        }
        System.out.println("quiesce jcstress gate: jcstress exited with status " + p.exitValue() + " after "
                + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0) + " s (graded from its result file)");

        File resultFile;
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = s.filter(f -> f.getFileName().toString().matches("jcstress-results-.*\\.bin\\.gz"))
                    .toList();
            if (files.size() != 1) {
                throw new IllegalStateException("expected one jcstress result file in " + dir + ", found " + files);
            }
            resultFile = files.get(0).toFile();
        }
        InProcessCollector collector = new InProcessCollector();
        DiskReadCollector reader = new DiskReadCollector(resultFile.getPath(), collector);
        try {
            reader.dump();
        } finally {
            reader.close();
        }
        Map<String, List<TestResult>> byName = new TreeMap<>();
        for (TestResult r : collector.getTestResults()) {
            byName.computeIfAbsent(r.getName(), k -> new ArrayList<>()).add(r);
        }
        return byName;
    }

    /** This JVM's class path, absolute: the child runs in another directory. */
    private static String absoluteClassPath() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(e -> Path.of(e).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(f);
            }
        }
    }

    /** One test's results over every JVM configuration and fork it ran in. */
    private static final class Verdict {
        int ran;
        int errors;
        boolean passed = true;
        long samples;
        long forbidden;
        final List<String> messages = new ArrayList<>();

        static Verdict of(List<TestResult> results) {
            Verdict v = new Verdict();
            if (results == null) {
                return v;
            }
            for (TestResult r : results) {
                v.ran++;
                if (r.status() != Status.NORMAL) {
                    v.errors++;
                    v.messages.add(r.status() + " with " + jvmArgs(r));
                    r.getMessages().stream().limit(20).forEach(v.messages::add);
                    continue;
                }
                TestGrading g = TestGrading.grade(r);
                v.passed &= g.isPassed;
                v.samples += r.getTotalCount();
                for (GradingResult gr : g.gradingResults.values()) {
                    if (gr.expect == Expect.FORBIDDEN) {
                        v.forbidden += gr.count;
                    }
                }
                if (!g.isPassed) {
                    v.messages.add("failed with " + jvmArgs(r) + ":");
                    v.messages.addAll(g.failureMessages);
                }
            }
            return v;
        }

        private static String jvmArgs(TestResult r) {
            return r.getConfig() == null ? "(unknown JVM options)" : String.valueOf(r.getConfig().jvmArgs);
        }
    }
}
