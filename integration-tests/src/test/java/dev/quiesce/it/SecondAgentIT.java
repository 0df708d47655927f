package dev.quiesce.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import example.counting.CountingAgent;
import example.scenario.SecondAgentScenario;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.objectweb.asm.ClassVisitor;

/**
 * quiesce next to a second Java agent that instruments the same method ({@link CountingAgent}, built into a jar
 * of its own here, with its own ASM), in child JVMs on JDK 17 and JDK 25: both with {@code -javaagent} in
 * either order, or the other agent at start-up and quiesce attached by pid later. {@link SecondAgentScenario}
 * checks that both count every call exactly, and that quiesce's retransformations (add, the idle-site strip,
 * detach) keep the other agent's code.
 *
 * <p>Variants: {@code plain}; {@code strip} (quiesce with {@code stripAfterMillis=300}: the idle class is
 * stripped, woven again, and detached with a probe linked); {@code retransform} (the other agent retransforms
 * the class while quiesce's probe is linked); {@code concurrent} (quiesce's add retransforms the class while
 * the other agent's own retransformation of it is held in progress, in every order: quiesce must not hold
 * the lock its transformer needs while it waits in {@code retransformClasses}, or the two deadlock).
 */
class SecondAgentIT {
    private static final Path DIR = Path.of("target", "second-agent-it");
    private static final String TARGET = "example.scenario.Checkout#price";
    private static Path countingJar;

    @BeforeAll
    static void buildCountingAgentJar() throws Exception {
        Files.createDirectories(DIR);
        countingJar = DIR.resolve("counting-agent.jar").toAbsolutePath();
        writeCountingAgentJar(countingJar);
    }

    @ParameterizedTest(name = "{0}, {1}, JDK {2}")
    @CsvSource({
        "quiesce-first, plain, 17", "quiesce-first, plain, 25",
        "other-first, plain, 17", "other-first, plain, 25",
        "attach, plain, 17", "attach, plain, 25",
        "quiesce-first, strip, 17", "quiesce-first, strip, 25",
        "other-first, strip, 17", "other-first, strip, 25",
        "attach, strip, 17", "attach, strip, 25",
        "quiesce-first, retransform, 17", "quiesce-first, retransform, 25",
        "other-first, retransform, 17", "other-first, retransform, 25",
        "attach, retransform, 17", "attach, retransform, 25",
        // the other agent's retransformation is held inside its transformer while quiesce's add retransforms the
        // same class: quiesce never holds the lock its transformer needs across retransformClasses, so both go on
        // (before that rule, the other-first and attach orders deadlocked here)
        "quiesce-first, concurrent, 17", "quiesce-first, concurrent, 25",
        "other-first, concurrent, 17", "other-first, concurrent, 25",
        "attach, concurrent, 17", "attach, concurrent, 25",
    })
    void bothAgentsCountEveryCallThroughQuiescesRetransformations(String how, String variant, String jdk)
            throws Exception {
        runScenario(how, variant, jdk);
    }

    private static void runScenario(String how, String variant, String jdk) throws Exception {
        Path java = Jdks.javaOf(jdk);
        String quiesceArgs = variant.equals("strip") ? "stripAfterMillis=300" : null;
        String quiesce = "-javaagent:" + Cli.agentJar() + (quiesceArgs == null ? "" : "=" + quiesceArgs);
        String other = "-javaagent:" + countingJar + "=" + TARGET;
        List<String> command = new ArrayList<>(List.of(java.toString()));
        switch (how) {
            case "quiesce-first" -> command.addAll(List.of(quiesce, other));
            case "other-first" -> command.addAll(List.of(other, quiesce));
            case "attach" -> command.add(other);
            default -> throw new IllegalArgumentException(how);
        }
        command.addAll(List.of("-cp", ScenarioJvm.classpathOf(SecondAgentScenario.class), SecondAgentScenario.class.getName(), variant));
        Path out = DIR.resolve(how + "-" + variant + "-jdk" + jdk + ".out");
        String output = ScenarioJvm.run(command, out, how.equals("attach") ? (quiesceArgs == null ? "" : quiesceArgs) : null);
        assertTrue(output.contains("SCENARIO OK"), output);
        assertTrue(output.contains("counting agent: counting calls of " + TARGET), output);
        assertTrue(!output.contains("did not start") && !output.contains("Exception"), output);
    }

    /**
     * The other agent's jar: its classes, ASM's (unrelocated: the application's class path is where an agent
     * jar's classes go) and a manifest that makes it a retransforming agent for start-up and for attach.
     */
    private static void writeCountingAgentJar(Path jar) throws IOException, URISyntaxException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Premain-Class", CountingAgent.class.getName());
        main.putValue("Agent-Class", CountingAgent.class.getName());
        main.putValue("Can-Retransform-Classes", "true");
        Path classes = ScenarioJvm.location(CountingAgent.class);
        String pkg = CountingAgent.class.getPackageName().replace('.', '/');
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest);
                Stream<Path> own = Files.list(classes.resolve(pkg));
                JarFile asm = new JarFile(ScenarioJvm.location(ClassVisitor.class).toFile())) {
            for (Path c : (Iterable<Path>) own::iterator) {
                if (c.getFileName().toString().startsWith(CountingAgent.class.getSimpleName())) {
                    out.putNextEntry(new JarEntry(pkg + "/" + c.getFileName()));
                    Files.copy(c, out);
                    out.closeEntry();
                }
            }
            for (Enumeration<JarEntry> e = asm.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (entry.getName().startsWith("org/objectweb/asm/") && entry.getName().endsWith(".class")) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    try (InputStream in = asm.getInputStream(entry)) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
    }
}
