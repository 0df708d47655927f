package dev.quiesce.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The JDKs child JVMs run on: {@code quiesce.jdk17.home} and {@code quiesce.jdk25.home}, else the first match
 * under /usr/lib/jvm; a JDK that is not found skips the test that asked for it.
 */
final class Jdks {
    private Jdks() {}

    /** bin/java of the JDK for {@code jdk}; skips the test if there is none. */
    static Path javaOf(String jdk) throws IOException {
        String property = "quiesce.jdk" + jdk + ".home";
        String configured = System.getProperty(property, "").trim();
        if (!configured.isEmpty() && !configured.startsWith("${")) { // an unset Maven property arrives verbatim
            Path java = Path.of(configured, "bin", "java");
            assertTrue(Files.isExecutable(java), property + "=" + configured + " has no executable bin/java");
            return java;
        }
        List<String> globs = jdk.equals("17") ? List.of("java-17*") : List.of("temurin-25*", "jdk-2[1-9]*");
        Optional<Path> found = findUnder(Path.of("/usr/lib/jvm"), globs);
        Assumptions.assumeTrue(found.isPresent(), "no JDK " + jdk + " found: set -D" + property
                + " or install one under /usr/lib/jvm (" + String.join(", ", globs) + ")");
        return found.get();
    }

    private static Optional<Path> findUnder(Path dir, List<String> globs) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        List<Path> candidates = new ArrayList<>();
        for (String glob : globs) {
            try (Stream<Path> s = Files.list(dir)) {
                var matcher = dir.getFileSystem().getPathMatcher("glob:" + glob);
                s.filter(p -> matcher.matches(p.getFileName())).sorted().forEach(candidates::add);
            }
        }
        return candidates.stream().map(p -> p.resolve("bin").resolve("java")).filter(Files::isExecutable).findFirst();
    }

}
