package dev.quiesce.cli;

import dev.quiesce.agent.control.wire.ExitCodes;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the pieces the command line starts live. The {@code quiesce} launcher sets them as system properties
 * ({@code quiesce.agent.jar}, {@code quiesce.examples.classpath}, {@code quiesce.torture.classpath}); without them
 * the agent jar is looked for beside the command line's own jar.
 */
final class Layout {
    private Layout() {}

    static Path agentJar() {
        String p = System.getProperty("quiesce.agent.jar");
        if (p != null) {
            return Path.of(p);
        }
        try {
            Path self = Path.of(Layout.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return self.resolveSibling("quiesce-agent.jar");
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("quiesce-agent.jar");
        }
    }

    static String classpath(String what) {
        String cp = System.getProperty("quiesce." + what + ".classpath");
        if (cp == null || cp.isBlank()) {
            throw new CliException(ExitCodes.FAILED, "the " + what + " classes are not known to this command "
                    + "(run it through the quiesce launcher, which sets -Dquiesce." + what + ".classpath)");
        }
        for (String entry : cp.split(File.pathSeparator)) {
            if (!Files.exists(Path.of(entry))) {
                throw new CliException(ExitCodes.FAILED, entry + " does not exist (run ./quiesce build)");
            }
        }
        return cp;
    }

    /** The java launcher running this command; child JVMs use it unless told otherwise. */
    static String java() {
        return ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
