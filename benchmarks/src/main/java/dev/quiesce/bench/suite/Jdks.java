package dev.quiesce.bench.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the JVM the suite's forks run on: JDK 22 or newer ({@code Arena.ofShared()} is the grace periods' reference,
 * virtual threads the carrier hooks' subject). Looks at this JVM, then {@code $JAVA_HOME}, then the JDKs installed
 * under {@code /usr/lib/jvm}, {@code /usr/java} and {@code /opt}, and takes the newest.
 */
final class Jdks {
    static final int MIN_FEATURE = 22;
    private static final Pattern VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)(?:[.\"]|$)", Pattern.MULTILINE);

    /** A JDK home and its feature release. */
    record Jdk(Path home, int feature) {
        String java() {
            return home.resolve("bin").resolve("java").toString();
        }
    }

    private Jdks() {
    }

    static Optional<Jdk> find() {
        List<Path> homes = new ArrayList<>();
        homes.add(Paths.get(System.getProperty("java.home")));
        String env = System.getenv("JAVA_HOME");
        if (env != null && !env.isEmpty()) {
            homes.add(Paths.get(env));
        }
        for (String root : new String[] {"/usr/lib/jvm", "/usr/java", "/opt"}) {
            try (Stream<Path> s = Files.list(Paths.get(root))) {
                s.sorted().forEach(homes::add);
            } catch (IOException e) {
                // no such directory here
            }
        }
        Jdk best = null;
        for (Path h : homes) {
            Jdk j = describe(h).orElse(null);
            if (j != null && j.feature() >= MIN_FEATURE && (best == null || j.feature() > best.feature())) {
                best = j;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The JDK at {@code home} (a directory with {@code bin/java} and a {@code release} file), if it is one. */
    static Optional<Jdk> describe(Path home) {
        Path release = home.resolve("release");
        if (!Files.isExecutable(home.resolve("bin").resolve("java")) || !Files.isRegularFile(release)) {
            return Optional.empty();
        }
        try {
            Matcher m = VERSION.matcher(Files.readString(release));
            return m.find() ? Optional.of(new Jdk(home.toRealPath(), Integer.parseInt(m.group(1)))) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The JDK whose {@code bin/java} is {@code java}, if it is one. */
    static Optional<Jdk> ofJava(String java) {
        Path p = Paths.get(java).toAbsolutePath();
        Path bin = p.getParent();
        return bin == null || bin.getParent() == null ? Optional.empty() : describe(bin.getParent());
    }
}
