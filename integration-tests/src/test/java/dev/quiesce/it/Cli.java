package dev.quiesce.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the quiesce command line ({@code cli/target/quiesce-cli.jar}) in a JVM of its own, as a user would. */
final class Cli {
    static final long TIMEOUT_SECONDS = 180;

    /** What one command printed and how it exited. */
    record Result(int code, String out, String err) {
        String all() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Cli() {}

    static Path jar(String property, String dflt) {
        Path jar = Path.of(System.getProperty(property, dflt)).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "no " + jar + ": build the modules first");
        return jar;
    }

    static Path agentJar() {
        return jar("quiesce.agent.jar", "../agent/target/quiesce-agent.jar");
    }

    static String examplesClasspath() {
        return jar("quiesce.examples.jar", "../examples/target/quiesce-examples-0.1.0-SNAPSHOT.jar") + ":"
                + jar("quiesce.runtime.jar", "../runtime/target/quiesce-runtime-0.1.0-SNAPSHOT.jar");
    }

    static Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquiesce.agent.jar=" + agentJar(), "-Dquiesce.examples.classpath=" + examplesClasspath(),
                "-jar", jar("quiesce.cli.jar", "../cli/target/quiesce-cli.jar").toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("quiesce-cli", ".out");
        Path err = Files.createTempFile("quiesce-cli", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("quiesce " + String.join(" ", args) + " still running after "
                        + TIMEOUT_SECONDS + " s:\n" + Files.readString(out) + Files.readString(err));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
