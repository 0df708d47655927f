package dev.quiesce.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.tools.attach.VirtualMachine;
import example.scenario.ProbeScenario;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The agent in child JVMs on JDK 17 and JDK 21+, loaded with {@code -javaagent} or attached by pid to a
 * running service: {@link ProbeScenario} adds, swaps and removes probes under load and checks every count.
 */
class AgentIT {
    private static final Path LOGS = Path.of("target", "agent-it");
    private static final long TIMEOUT_SECONDS = 120;

    @ParameterizedTest(name = "{0} on JDK {1}")
    @CsvSource({"javaagent, 17", "javaagent, 25", "attach, 17", "attach, 25"})
    void probesAreAddedSwappedAndRemovedUnderLoad(String how, String jdk) throws Exception {
        Path java = Jdks.javaOf(jdk);
        Path agent = agentJar();
        Files.createDirectories(LOGS);
        Path out = LOGS.resolve(how + "-jdk" + jdk + ".out");
        List<String> command = how.equals("javaagent")
                ? List.of(java.toString(), "-javaagent:" + agent, "-cp", classpath(), ProbeScenario.class.getName())
                : List.of(java.toString(), "-cp", classpath(), ProbeScenario.class.getName());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            if (how.equals("attach")) {
                VirtualMachine vm = VirtualMachine.attach(Long.toString(p.pid()));
                try {
                    vm.loadAgent(agent.toString());
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
        assertTrue(output.contains("SCENARIO OK"), output);
        assertTrue(output.contains("removed probe slow v1 (removed)"), output);
        assertTrue(output.contains("removed probe price v1 (swapped)"), output);
        assertTrue(output.contains("removed probe price v2 (removed)"), output);
        assertTrue(!output.contains("did not start") && !output.contains("Exception"), output);
    }

    private static Path agentJar() {
        Path jar = Path.of(System.getProperty("quiesce.agent.jar", "../agent/target/quiesce-agent.jar"));
        assertTrue(Files.isRegularFile(jar), "no agent jar at " + jar.toAbsolutePath() + ": build the agent module");
        return jar.toAbsolutePath();
    }

    private static String classpath() throws Exception {
        return Path.of(ProbeScenario.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString()
                + File.pathSeparator;
    }
}
