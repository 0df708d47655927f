package dev.quiesce.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The example shop service in a JVM of its own, on a chosen JDK, with its load generator if asked. */
final class ShopProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("shop: listening on (\\S+) pid (\\d+)");
    private static final Pattern SERVED = Pattern.compile("shop: served (\\d+) request\\(s\\), (\\d+) failed");
    final Process process;
    final String url;
    private final BufferedReader out;
    private final Path err;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ShopProcess(Process process, String url, BufferedReader out, Path err) {
        this.process = process;
        this.url = url;
        this.out = out;
        this.err = err;
    }

    static ShopProcess start(Path java, int loadThreads, String... jvmArgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java.toString()));
        cmd.addAll(List.of(jvmArgs));
        cmd.addAll(List.of("-cp", Cli.examplesClasspath(), "dev.quiesce.examples.shop.ShopService", "--load",
                Integer.toString(loadThreads), "--quiet"));
        Path err = Files.createTempFile("shop", ".err");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        Matcher m = first == null ? null : READY.matcher(first);
        if (m == null || !m.find()) {
            p.destroyForcibly();
            throw new IOException("the shop did not start: " + first + "\n" + Files.readString(err));
        }
        return new ShopProcess(p, m.group(1), out, err);
    }

    String pid() {
        return Long.toString(process.pid());
    }

    /** GETs a path; the status code. */
    int get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    String stderr() throws IOException {
        return Files.readString(err);
    }

    /** Stops the service (SIGTERM) and returns {served, failed} from its last line. */
    long[] stop() throws IOException, InterruptedException {
        process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close the output read below
        String served = null;
        for (String l; (l = out.readLine()) != null; ) {
            if (SERVED.matcher(l).find()) {
                served = l;
            }
        }
        process.waitFor(30, TimeUnit.SECONDS);
        if (served == null) {
            throw new IOException("the shop did not report its requests; stderr:\n" + stderr());
        }
        Matcher m = SERVED.matcher(served);
        m.find();
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(err);
    }
}
