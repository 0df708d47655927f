package dev.quiesce.bench.realservice;

import com.sun.tools.attach.VirtualMachine;
import dev.quiesce.agent.control.wire.Frames;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real service under load, with and without quiesce: Jetty 12 ({@code example.jetty.QuoteService}) in a JVM of
 * its own, driven by {@link LoadGenerator} in another, through these phases on the same service process:
 * warm-up (not reported), {@code no-agent}, {@code attached-idle} (agent loaded, no probe), {@code hist-probe}
 * (a timing probe with a histogram on the handler's {@code handle}), {@code churn} (a probe added and removed
 * every 100 ms over the control socket, while under load), {@code detached} (after detach; a second no-agent
 * reading, for noise). With {@code --control} nothing is attached: the same phases, for the drift of the
 * sequence itself. Writes {@code target/realservice.json} beside the jar, and a table on stdout.
 *
 * <p>Run from the repository root: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.quiesce.bench.realservice.RealServiceRun [--quick] [--seconds S] [--warmup S] [--connections N]
 * [--rate R] [--control] [--service-arg JVMARG]... [--agent JAR] [--java PATH] [--out FILE]}: closed loop by default, R requests per second with
 * {@code --rate} (see {@link LoadGenerator}); 45 s per phase after 20 s of warm-up, 10 s after 8 s with
 * {@code --quick}. Exits 1 if a request failed in any phase, a churn cycle failed, or the hist probe's hit
 * count is not the number of requests of its phase.
 */
public final class RealServiceRun {
    static final String HANDLER = "example.jetty.QuoteHandler#handle";

    private RealServiceRun() {
    }

    /** What {@link #run} does: phase lengths, load, JVMs and where the JSON goes. */
    public record Settings(double seconds, double warmup, int connections, double rate, boolean control,
            List<String> serviceArgs, Path agent, String java, Path out) {
        /** The defaults: 45 s per phase after 20 s of warm-up, 8 connections, closed loop, this JVM. */
        public static Settings defaults() {
            Path target = jarDirectory();
            return new Settings(45, 20, 8, 0, false, List.of(), Paths.get("agent/target/quiesce-agent.jar"),
                    ProcessHandle.current().info().command().orElse("java"), target.resolve("realservice.json"));
        }

        /** {@code --quick}: 10 s per phase after 8 s of warm-up. */
        public Settings quick() {
            return times(10, 8);
        }

        /** {@code seconds} per phase after {@code warmup} seconds of warm-up. */
        public Settings times(double seconds, double warmup) {
            return new Settings(seconds, warmup, connections, rate, control, serviceArgs, agent, java, out);
        }

        public Settings withJava(String path) {
            return new Settings(seconds, warmup, connections, rate, control, serviceArgs, agent, path, out);
        }

        public Settings withOut(Path file) {
            return new Settings(seconds, warmup, connections, rate, control, serviceArgs, agent, java, file);
        }
    }

    /**
     * What a run measured: per phase (in order) the generator's numbers plus the run's own (churn, probe hits,
     * changes against {@code no-agent}); {@code ok} is false if a request, a churn cycle or the probe's count failed;
     * {@code json} is what was written to {@link Settings#out()}.
     */
    public record Outcome(Map<String, Map<String, Object>> phases, boolean ok, String json) {
    }

    public static void main(String[] args) throws Exception {
        Settings d = Settings.defaults();
        double seconds = d.seconds();
        double warmup = d.warmup();
        int connections = d.connections();
        double rate = d.rate();
        boolean control = false;
        List<String> serviceArgs = new ArrayList<>();
        Path agent = d.agent();
        String java = d.java();
        Path out = d.out();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick": seconds = d.quick().seconds(); warmup = d.quick().warmup(); break;
                case "--seconds": seconds = Double.parseDouble(args[++i]); break;
                case "--warmup": warmup = Double.parseDouble(args[++i]); break;
                case "--connections": connections = Integer.parseInt(args[++i]); break;
                case "--rate": rate = Double.parseDouble(args[++i]); break;
                case "--control": control = true; break;
                case "--service-arg": serviceArgs.add(args[++i]); break;
                case "--agent": agent = Paths.get(args[++i]); break;
                case "--java": java = args[++i]; break;
                case "--out": out = Paths.get(args[++i]); break;
                default: throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Outcome o = run(new Settings(seconds, warmup, connections, rate, control, List.copyOf(serviceArgs), agent, java, out));
        System.exit(o.ok() ? 0 : 1);
    }

    /** The directory of the jar (or class directory) this class came from: {@code benchmarks/target}. */
    static Path jarDirectory() {
        try {
            return Paths.get(RealServiceRun.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the phases, prints the table, writes the JSON; never exits the JVM. */
    public static Outcome run(Settings settings) throws IOException, InterruptedException {
        double seconds = settings.seconds();
        double warmup = settings.warmup();
        int connections = settings.connections();
        double rate = settings.rate();
        boolean control = settings.control();
        List<String> serviceArgs = settings.serviceArgs();
        Path agent = settings.agent();
        String java = settings.java();
        Path out = settings.out();
        Path target = jarDirectory();
        if (!Files.isRegularFile(agent)) {
            throw new IllegalStateException("no agent jar at " + agent.toAbsolutePath() + " (run from the repository root)");
        }
        String serviceCp = target.resolve("classes") + File.pathSeparator + target.resolve("jetty") + File.separator + "*";
        String loadCp = target.resolve("benchmarks.jar").toString();
        Path serviceLog = target.resolve("realservice-service.log");
        List<String> serviceCmd = new ArrayList<>(List.of(java, "-Xms512m", "-Xmx512m"));
        serviceCmd.addAll(serviceArgs);
        serviceCmd.addAll(List.of("-cp", serviceCp, "example.jetty.QuoteService"));
        Process service = new ProcessBuilder(serviceCmd).redirectError(serviceLog.toFile()).start();
        Map<String, Map<String, Object>> phases = new LinkedHashMap<>();
        boolean ok = true;
        try {
            BufferedReader serviceOut = new BufferedReader(new InputStreamReader(service.getInputStream(), StandardCharsets.UTF_8));
            String line = serviceOut.readLine();
            while (line != null && !line.startsWith("port ")) { // what the JVM's flags printed before it listened
                line = serviceOut.readLine();
            }
            if (line == null || !line.startsWith("port ")) {
                throw new IllegalStateException("service did not start: " + line + "; see " + serviceLog);
            }
            String url = "http://127.0.0.1:" + line.substring(5).trim() + "/quote";
            Path serviceOutLog = target.resolve("realservice-service.out");
            Thread drain = new Thread(() -> { // the rest of its stdout (JVM flags may print there), never blocking it
                try (BufferedReader r = serviceOut; var w = Files.newBufferedWriter(serviceOutLog)) {
                    for (String l; (l = r.readLine()) != null; ) {
                        w.write(l);
                        w.newLine();
                    }
                } catch (IOException e) {
                    // the service ended
                }
            }, "service-stdout");
            drain.setDaemon(true);
            drain.start();
            String pid = Long.toString(service.pid());
            System.out.printf(Locale.ROOT, "service pid %s at %s; java %s; %s s per phase, %d connections, %s%n",
                    pid, url, java, seconds, connections, rate > 0 ? rate + " requests/s" : "closed loop");

            load(java, loadCp, url, warmup, connections, rate, "warm-up");
            phases.put("no-agent", load(java, loadCp, url, seconds, connections, rate, "no-agent"));

            if (control) {
                // the same sequence and timing with no agent at all: how much the phases drift by themselves
                for (String phase : List.of("attached-idle", "hist-probe", "churn", "detached")) {
                    phases.put(phase, load(java, loadCp, url, seconds, connections, rate, phase + " (control)"));
                }
                ok = phases.values().stream().allMatch(p -> ((Number) p.get("failed")).longValue() == 0);
            } else {
                String socket;
                long t0 = System.nanoTime();
                socket = attach(pid, agent);
                double attachMs = (System.nanoTime() - t0) / 1e6;
                if (socket == null) {
                    throw new IllegalStateException("agent loaded but no control socket");
                }
                Map<String, Object> idle = load(java, loadCp, url, seconds, connections, rate, "attached-idle");
                idle.put("attach_ms", attachMs);
                phases.put("attached-idle", idle);

                String spec = "timing " + HANDLER + " hist name=handle";
                request(socket, "add", spec);
                Map<String, Object> hist = load(java, loadCp, url, seconds, connections, rate, "hist-probe");
                List<String> removed = request(socket, "remove", "handle");
                hist.put("probe", spec);
                hist.put("probe_removal", removed.isEmpty() ? "" : removed.get(0));
                long hits = hits(removed);
                hist.put("probe_hits", hits);
                // added before the load started and removed after it ended: it must have timed every request. The
                // server may see a few more than the generator counts: HttpClient can resend a GET whose connection
                // closed under it (a retry its caller does not see)
                long requests = ((Number) hist.get("requests")).longValue();
                hist.put("probe_hits_minus_requests", hits - requests);
                ok &= hits >= requests;
                phases.put("hist-probe", hist);

                Churn churn = new Churn(socket);
                Thread churner = new Thread(churn, "churn");
                churner.start();
                Map<String, Object> churned;
                try {
                    churned = load(java, loadCp, url, seconds, connections, rate, "churn");
                } finally {
                    churn.stop.set(true);
                    churner.join();
                }
                churned.put("churn_cycles", churn.cycles);
                churned.put("churn_failures", churn.failures);
                churned.put("churn_first_failure", churn.firstFailure == null ? "" : churn.firstFailure);
                churned.put("churn_add_max_ms", churn.addMaxNanos / 1e6);
                churned.put("churn_remove_max_ms", churn.removeMaxNanos / 1e6);
                churned.put("churn_remove_mean_ms", churn.cycles == 0 ? 0 : churn.removeTotalNanos / 1e6 / churn.cycles);
                phases.put("churn", churned);
                ok &= churn.failures == 0 && churn.cycles > 0;

                request(socket, "detach");
                phases.put("detached", load(java, loadCp, url, seconds, connections, rate, "detached"));
            }
        } finally {
            service.destroy();
            if (!service.waitFor(10, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
        for (Map<String, Object> p : phases.values()) {
            ok &= ((Number) p.get("failed")).longValue() == 0;
        }
        Map<String, Object> base = phases.get("no-agent");
        for (Map<String, Object> p : phases.values()) {
            p.put("p50_change_pct", change(p, base, "p50_us"));
            p.put("p99_change_pct", change(p, base, "p99_us"));
            p.put("throughput_change_pct", change(p, base, "throughput"));
        }
        printTable(phases);
        StringBuilder json = new StringBuilder("{\"benchmark\":\"realservice\",\"java\":\"")
                .append(esc(Runtime.version().toString())).append("\",\"service_java\":\"").append(esc(java))
                .append("\",\"control\":").append(control).append(",\"seconds_per_phase\":").append(seconds).append(",\"warmup_seconds\":").append(warmup)
                .append(",\"connections\":").append(connections).append(",\"rate\":").append(rate).append(",\"cores\":")
                .append(Runtime.getRuntime().availableProcessors()).append(",\"phases\":{");
        int k = 0;
        for (Map.Entry<String, Map<String, Object>> e : phases.entrySet()) {
            json.append(k++ > 0 ? "," : "").append('"').append(e.getKey()).append("\":{");
            int j = 0;
            for (Map.Entry<String, Object> f : e.getValue().entrySet()) {
                json.append(j++ > 0 ? "," : "").append('"').append(f.getKey()).append("\":");
                Object v = f.getValue();
                json.append(v instanceof Boolean ? v.toString() : v instanceof Number ? fmt(((Number) v).doubleValue()) : v instanceof RawJson ? ((RawJson) v).json
                        : "\"" + esc(String.valueOf(v)) + "\"");
            }
            json.append('}');
        }
        json.append("},\"ok\":").append(ok).append("}\n");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, json);
        System.out.println("wrote " + out + (ok ? "" : "; FAILED: a request, a churn cycle or the probe's count"));
        return new Outcome(phases, ok, json.toString());
    }

    /** Loads the agent into the service with the Attach API; the control socket's path. */
    private static String attach(String pid, Path agent) throws IOException {
        try {
            VirtualMachine vm = VirtualMachine.attach(pid);
            try {
                vm.loadAgent(agent.toAbsolutePath().toString(), "control=true");
                return vm.getSystemProperties().getProperty("quiesce.control");
            } finally {
                vm.detach();
            }
        } catch (com.sun.tools.attach.AttachNotSupportedException | com.sun.tools.attach.AgentLoadException
                | com.sun.tools.attach.AgentInitializationException e) {
            throw new IOException("attaching to the service " + pid + " failed: " + e, e);
        }
    }

    /** One run of the load generator in its own JVM; its JSON numbers, and its first failures as JSON. */
    static Map<String, Object> load(String java, String cp, String url, double seconds, int connections, double rate,
            String phase) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(java, "-Xms256m", "-Xmx256m", "-cp", cp, LoadGenerator.class.getName(), url,
                Double.toString(seconds), Integer.toString(connections), Double.toString(rate)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String outText = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0 || !outText.startsWith("{")) {
            throw new IllegalStateException("load generator failed in phase " + phase + ": " + outText);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        Matcher num = Pattern.compile("\"(\\w+)\":(-?[0-9.]+)").matcher(outText);
        while (num.find()) {
            m.put(num.group(1), Double.parseDouble(num.group(2)));
        }
        Matcher curve = Pattern.compile("\"curve\":(\\[\\[.*?\\]\\])").matcher(outText);
        if (curve.find()) {
            m.put("curve", new RawJson(curve.group(1)));
        }
        Matcher ff = Pattern.compile("\"first_failures\":(\\[.*?\\])").matcher(outText);
        if (ff.find()) {
            m.put("first_failures", new RawJson(ff.group(1)));
        }
        System.out.printf(Locale.ROOT, "%-14s %s%n", phase, outText);
        return m;
    }

    /** Adds a probe on the handler and removes it, once every 100 ms, until stopped. */
    static final class Churn implements Runnable {
        final String socket;
        final AtomicBoolean stop = new AtomicBoolean();
        volatile long cycles;
        volatile long failures;
        volatile String firstFailure;
        volatile long addMaxNanos;
        volatile long removeMaxNanos;
        volatile long removeTotalNanos;

        Churn(String socket) {
            this.socket = socket;
        }

        @Override
        public void run() {
            long next = System.nanoTime();
            while (!stop.get()) {
                String name = "churn" + cycles;
                try {
                    long a = System.nanoTime();
                    request(socket, "add", "timing " + HANDLER + " hist name=" + name);
                    long b = System.nanoTime();
                    sleepUntil(a + 50_000_000L);
                    long c = System.nanoTime();
                    request(socket, "remove", name);
                    long d = System.nanoTime();
                    addMaxNanos = Math.max(addMaxNanos, b - a);
                    removeMaxNanos = Math.max(removeMaxNanos, d - c);
                    removeTotalNanos += d - c;
                    cycles++;
                } catch (Exception | AssertionError e) {
                    failures++;
                    if (firstFailure == null) {
                        firstFailure = name + ": " + e;
                    }
                }
                next += 100_000_000L;
                sleepUntil(next);
            }
        }

        private static void sleepUntil(long deadline) {
            long left;
            while ((left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** One request over the agent's control socket; its output lines. Throws on an error answer. */
    static List<String> request(String socket, String... args) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            Frames.writeRequest(new DataOutputStream(Channels.newOutputStream(ch)), List.of(args));
            DataInputStream in = new DataInputStream(Channels.newInputStream(ch));
            List<String> out = new ArrayList<>();
            while (true) {
                Frames.Frame f = Frames.readFrame(in);
                if (f.kind() == Frames.OUTPUT) {
                    out.add(f.text());
                } else if (f.kind() == Frames.OK) {
                    return out;
                } else if (f.kind() == Frames.ERROR) {
                    throw new IOException(String.join(" ", args) + ": exit " + f.code() + ": " + f.text());
                }
            }
        }
    }

    /** The final hit count in a removal report ("...; final: 1733 hit(s), ..."), or -1. */
    static long hits(List<String> removal) {
        for (String s : removal) {
            Matcher m = Pattern.compile("final: (\\d+) hit").matcher(s);
            if (m.find()) {
                return Long.parseLong(m.group(1));
            }
        }
        return -1;
    }

    private static double change(Map<String, Object> p, Map<String, Object> base, String key) {
        double b = ((Number) base.get(key)).doubleValue();
        return b == 0 ? 0 : 100.0 * (((Number) p.get(key)).doubleValue() - b) / b;
    }

    private static void printTable(Map<String, Map<String, Object>> phases) {
        System.out.println();
        System.out.println("| phase | req/s | p50 us | p90 us | p99 us | p99.9 us | max us | failed | p50 vs no-agent "
                + "| p99 vs no-agent | req/s vs no-agent |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Map.Entry<String, Map<String, Object>> e : phases.entrySet()) {
            Map<String, Object> p = e.getValue();
            System.out.printf(Locale.ROOT, "| %s | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f | %.0f | %+.1f%% | %+.1f%% | %+.1f%% |%n",
                    e.getKey(), d(p, "throughput"), d(p, "p50_us"), d(p, "p90_us"), d(p, "p99_us"), d(p, "p999_us"),
                    d(p, "max_us"), d(p, "failed"), d(p, "p50_change_pct"), d(p, "p99_change_pct"),
                    d(p, "throughput_change_pct"));
        }
        System.out.println();
    }

    private static double d(Map<String, Object> p, String key) {
        return ((Number) p.get(key)).doubleValue();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** A value already in JSON. */
    public record RawJson(String json) {
    }
}
