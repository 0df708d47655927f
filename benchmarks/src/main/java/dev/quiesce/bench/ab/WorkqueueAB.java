package dev.quiesce.bench.ab;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.jar.JarFile;

/**
 * Two versions of the workqueue, one JVM, alternating rounds: the A/B comparison a shared, noisy machine needs
 * for a change worth 10-50% (JMH runs of the two versions, minutes apart, differ by more than that).
 *
 * <pre>
 * git worktree add /tmp/wq-old REV &amp;&amp; mvn -q -f /tmp/wq-old/pom.xml -pl runtime -am compile
 * java -cp benchmarks/target/benchmarks.jar dev.quiesce.bench.ab.WorkqueueAB \
 *     /tmp/wq-old/runtime/target/classes runtime/target/classes [rounds] [burst|roundTrip|queueToStartAsleep]
 * </pre>
 *
 * Each version gets a class loader that finds its runtime classes first, then {@link WorkqueueDriver} (from this
 * jar), with the platform loader as parent; each round runs both for 1 s each, A first in even rounds and B first
 * in odd ones. Prints every round's ratio B/A and the median ratio.
 */
public final class WorkqueueAB {
    private WorkqueueAB() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err)); // the queues' worker threads stay: exit explicitly
    }

    /** Runs the comparison; returns the exit status (2: bad arguments, nothing run). */
    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length < 2 || args.length > 4) {
            err.println("usage: WorkqueueAB OLD_RUNTIME_CLASSES NEW_RUNTIME_CLASSES [rounds] [burst|roundTrip|queueToStartAsleep]");
            return 2;
        }
        int rounds;
        try {
            rounds = args.length > 2 ? Integer.parseInt(args[2]) : 12;
        } catch (NumberFormatException e) {
            err.println("rounds must be a number, got \"" + args[2] + "\"");
            return 2;
        }
        String mode = args.length > 3 ? args[3] : "burst";
        if (rounds < 1 || !(mode.equals("burst") || mode.equals("roundTrip") || mode.equals("queueToStartAsleep"))) {
            err.println("rounds must be at least 1 and the mode burst, roundTrip or queueToStartAsleep");
            return 2;
        }
        for (int i = 0; i < 2; i++) {
            if (!holdsWorkqueue(Path.of(args[i]))) {
                err.println("no dev/quiesce/wq classes in " + args[i]
                        + " (give a runtime module's target/classes or its jar)");
                return 2;
            }
        }
        Method a = driver(Path.of(args[0]), mode);
        Method b = driver(Path.of(args[1]), mode);
        String unit = mode.equals("burst") ? "M items/s" : "us median";
        double[] ratios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            // A then B in even rounds, B then A in odd ones: whichever runs second in a round may find the
            // machine in another state (caches, frequency, other tenants), and alternating cancels that out.
            double va;
            double vb;
            if (r % 2 == 0) {
                va = run(a, mode);
                vb = run(b, mode);
            } else {
                vb = run(b, mode);
                va = run(a, mode);
            }
            ratios[r] = vb / va;
            out.printf(Locale.ROOT, "round %2d: A %8.3f  B %8.3f %s  B/A %.2f%n", r, scale(va, mode),
                    scale(vb, mode), unit, ratios[r]);
        }
        Arrays.sort(ratios);
        out.printf(Locale.ROOT, "median B/A over %d rounds: %.2f (min %.2f, max %.2f)%n", rounds,
                ratios[rounds / 2], ratios[0], ratios[rounds - 1]);
        return 0;
    }

    private static boolean holdsWorkqueue(Path p) throws IOException {
        if (Files.isDirectory(p)) {
            return Files.isRegularFile(p.resolve("dev/quiesce/wq/Workqueue.class"));
        }
        if (!Files.isRegularFile(p)) {
            return false;
        }
        try (JarFile jar = new JarFile(p.toFile())) {
            return jar.getEntry("dev/quiesce/wq/Workqueue.class") != null;
        } catch (IOException notAJar) {
            return false;
        }
    }

    private static double scale(double v, String mode) {
        return mode.equals("burst") ? v / 1e6 : v;
    }

    private static double run(Method m, String mode) throws ReflectiveOperationException {
        try {
            return mode.equals("burst") ? (double) m.invoke(null, 4, 1000L) : (double) m.invoke(null, 1000L);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the driver failed", e.getCause());
        }
    }

    private static Method driver(Path runtimeClasses, String mode) throws ReflectiveOperationException,
            MalformedURLException {
        URL self = WorkqueueDriver.class.getProtectionDomain().getCodeSource().getLocation();
        URLClassLoader loader = new URLClassLoader(new URL[] {runtimeClasses.toUri().toURL(), self},
                ClassLoader.getPlatformClassLoader());
        Class<?> d = loader.loadClass(WorkqueueDriver.class.getName());
        return switch (mode) {
            case "burst" -> d.getMethod("burst", int.class, long.class);
            case "roundTrip" -> d.getMethod("roundTripMedianMicros", long.class);
            default -> d.getMethod("queueToStartAsleepMedianMicros", long.class);
        };
    }
}
