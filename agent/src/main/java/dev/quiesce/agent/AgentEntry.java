package dev.quiesce.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarFile;

/**
 * The agent's entry points, the only classes the application's class path sees of it.
 *
 * <p>The agent jar carries two nested jars. {@code quiesce/boot.jar} (site dispatch, the control API, the
 * runtime) is appended to the bootstrap class path, because instrumented classes of every loader, and
 * {@code java.lang.VirtualThread} itself, call into it. {@code quiesce/tooling.jar} (weaving, the probe
 * lifecycle, specs, and ASM relocated under {@code dev.quiesce.agent.shaded}) is loaded by a class loader of
 * its own, which nothing else sees and which is dropped when the agent detaches. See docs/agent.md.
 *
 * <p>Loading the agent a second time while it runs changes nothing; after a detach it starts again.
 */
public final class AgentEntry {
    static final String BOOT_JAR = "quiesce/boot.jar";
    static final String TOOLING_JAR = "quiesce/tooling.jar";
    private static final String CONTROL = "dev.quiesce.agent.boot.AgentControl";

    private AgentEntry() {}

    public static void premain(String args, Instrumentation inst) {
        start(args, inst);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst);
    }

    private static synchronized void start(String args, Instrumentation inst) {
        try {
            if (!bootLoaded()) {
                inst.appendToBootstrapClassLoaderSearch(new JarFile(extract(BOOT_JAR).toFile()));
            }
            Class<?> control = Class.forName(CONTROL, true, null);
            if ((Boolean) control.getMethod("isInstalled").invoke(null)) {
                System.err.println("quiesce: the agent is already running in this JVM; this load changes nothing");
                return;
            }
            ClassLoader tooling = new NestedJarClassLoader(read(TOOLING_JAR), ClassLoader.getPlatformClassLoader());
            Class<?> agent = Class.forName("dev.quiesce.agent.core.Agent", true, tooling);
            agent.getMethod("start", Instrumentation.class, String.class).invoke(null, inst, args);
        } catch (Throwable t) {
            Throwable cause = t instanceof java.lang.reflect.InvocationTargetException && t.getCause() != null
                    ? t.getCause() : t;
            System.err.println("quiesce: the agent did not start: " + cause);
            cause.printStackTrace();
        }
    }

    private static boolean bootLoaded() {
        try {
            Class.forName(CONTROL, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static Path extract(String entry) throws IOException {
        Path p = Files.createTempFile("quiesce-boot-", ".jar");
        p.toFile().deleteOnExit();
        try (InputStream in = open(entry)) {
            Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
        }
        return p;
    }

    private static byte[] read(String entry) throws IOException {
        try (InputStream in = open(entry)) {
            return in.readAllBytes();
        }
    }

    private static InputStream open(String entry) throws IOException {
        InputStream in = AgentEntry.class.getClassLoader().getResourceAsStream(entry);
        if (in == null) {
            throw new IOException(entry + " is missing from the agent jar (build it with mvn package)");
        }
        return in;
    }
}
