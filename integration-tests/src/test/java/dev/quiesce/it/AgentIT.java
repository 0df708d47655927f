package dev.quiesce.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import example.scenario.ProbeScenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The agent in child JVMs on JDK 17 and JDK 21+, loaded with {@code -javaagent} or attached by pid to a
 * running service: {@link ProbeScenario} adds, swaps and removes probes under load and checks every count.
 */
class AgentIT {
    private static final Path LOGS = Path.of("target", "agent-it");

    @ParameterizedTest(name = "{0} on JDK {1}")
    @CsvSource({"javaagent, 17", "javaagent, 25", "attach, 17", "attach, 25"})
    void probesAreAddedSwappedAndRemovedUnderLoad(String how, String jdk) throws Exception {
        Path java = Jdks.javaOf(jdk);
        Path agent = Cli.agentJar();
        Files.createDirectories(LOGS);
        Path out = LOGS.resolve(how + "-jdk" + jdk + ".out");
        List<String> command = how.equals("javaagent")
                ? List.of(java.toString(), "-javaagent:" + agent, "-cp", ScenarioJvm.classpathOf(ProbeScenario.class), ProbeScenario.class.getName())
                : List.of(java.toString(), "-cp", ScenarioJvm.classpathOf(ProbeScenario.class), ProbeScenario.class.getName());
        String output = ScenarioJvm.run(command, out, how.equals("attach") ? "" : null);
        assertTrue(output.contains("SCENARIO OK"), output);
        assertTrue(output.contains("removed probe slow v1 (removed)"), output);
        assertTrue(output.contains("removed probe price v1 (swapped)"), output);
        assertTrue(output.contains("removed probe price v2 (removed)"), output);
        assertTrue(!output.contains("did not start") && !output.contains("Exception"), output);
    }
}
