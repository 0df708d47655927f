package dev.quiesce.cli;

import dev.quiesce.agent.control.wire.ExitCodes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start the example shop service under load, attach to it, add a latency histogram probe, "
                + "show the histogram, hot-swap the probe, remove it safely and print the removal report, detach, "
                + "and stop the service, checking that no request failed."})
final class DemoCommand implements Callable<Integer> {
    static final String SERVICE = "dev.quiesce.examples.shop.ShopService";
    static final String METHOD = "dev.quiesce.examples.shop.Catalog#price(long)";
    private static final Pattern READY = Pattern.compile("shop: listening on (\\S+) pid (\\d+)");
    private static final Pattern SERVED = Pattern.compile("shop: served (\\d+) request\\(s\\), (\\d+) failed");

    @Option(names = "--load", paramLabel = "N", defaultValue = "2",
            description = "Load generator threads in the service (default ${DEFAULT-VALUE}).")
    int load;

    @Option(names = "--seconds", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "3s",
            description = "How long the histogram collects before it is shown (default ${DEFAULT-VALUE}).")
    Duration collect;

    @Option(names = "--java", paramLabel = "PATH", description = "The java launcher for the service (default: this one).")
    String java;

    @Override
    public Integer call() throws Exception {
        if (load < 1 || load > 64) {
            throw new CliException(ExitCodes.USAGE, "--load must be 1 to 64, got " + load);
        }
        Path log = Files.createTempFile("quiesce-demo-service", ".log");
        List<String> cmd = List.of(java != null ? java : Layout.java(), "-cp", Layout.classpath("examples"), SERVICE,
                "--load", Integer.toString(load), "--quiet");
        step("starting the example service: " + SERVICE + " with " + load + " load generator thread(s)");
        Process service = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(service.getInputStream(), StandardCharsets.UTF_8));
        try {
            Matcher ready = READY.matcher(firstLine(out, service, log));
            if (!ready.find()) {
                throw new CliException(ExitCodes.FAILED, "the service did not start as expected (its log: " + log + ")");
            }
            System.out.println("  listening on " + ready.group(1) + ", pid " + ready.group(2));
            Target t = new Target(ready.group(2));

            step("attaching to pid " + t.pid());
            ControlClient c = new ControlClient(Attacher.attach(t.process, Layout.agentJar(), "control=true"), t.pid());
            check(t.run(c, false, "ping"));

            step("adding a latency histogram probe on " + METHOD);
            check(t.run(c, false, "add", "timing " + METHOD + " hist name=price"));
            Thread.sleep(collect.toMillis());

            step("the histogram after " + collect.toSeconds() + " s (quiesce hist " + t.pid() + " price)");
            check(t.run(c, false, "hist", "price"));

            step("hot-swapping the probe to capture sampled calls (the histogram version's final report follows)");
            check(t.run(c, false, "swap", "price", "timing " + METHOD + " capture rate=3/s name=price"));
            check(t.run(c, false, "watch", "price", "1000", "2000"));

            step("removing the probe safely: the report comes after the grace period");
            check(t.run(c, false, "remove", "price"));
            System.out.println("  (the grace period waited for every thread that could still be inside the probe's "
                    + "handler: the holdouts; only then was the probe freed, with these final counts)");

            step("detaching the agent");
            check(t.run(c, false, "detach"));

            step("stopping the service");
            service.toHandle().destroy(); // SIGTERM; Process.destroy() would also close the output we still read
            String served = lastMatching(out, SERVED);
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                throw new CliException(ExitCodes.FAILED, "the service did not stop (its log: " + log + ")");
            }
            Matcher m = served == null ? null : SERVED.matcher(served);
            if (m == null || !m.find()) {
                throw new CliException(ExitCodes.FAILED, "the service did not report its requests (its log: " + log + ")");
            }
            System.out.println("  " + served);
            if (Long.parseLong(m.group(2)) != 0) {
                throw new CliException(ExitCodes.FAILED, "requests failed during the demo (the service's log: " + log + ")");
            }
            System.out.println();
            System.out.println("demo done: probe added, swapped and removed under load with no failed request.");
            Files.deleteIfExists(log);
            return ExitCodes.OK;
        } finally {
            if (service.isAlive()) {
                service.destroyForcibly();
            }
        }
    }

    private static void step(String what) {
        System.out.println();
        System.out.println("== " + what);
        System.out.flush();
    }

    private static void check(int code) {
        if (code != ExitCodes.OK) {
            throw new CliException(code, "the demo stopped: the step above failed");
        }
    }

    private static String firstLine(BufferedReader out, Process service, Path log) throws Exception {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            String l = line.get(60, TimeUnit.SECONDS);
            if (l == null) {
                throw new CliException(ExitCodes.FAILED, "the service exited at start (exit code "
                        + service.waitFor() + "); its log " + log + " says:\n" + Files.readString(log));
            }
            return l;
        } catch (TimeoutException e) {
            throw new CliException(ExitCodes.FAILED, "the service did not start within 60 s (its log: " + log + ")");
        } catch (ExecutionException e) {
            throw new CliException(ExitCodes.FAILED, "cannot read the service's output: " + e.getCause());
        }
    }

    private static String lastMatching(BufferedReader out, Pattern p) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String l; (l = out.readLine()) != null; ) {
            lines.add(l);
        }
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (p.matcher(lines.get(i)).find()) {
                return lines.get(i);
            }
        }
        return null;
    }
}
