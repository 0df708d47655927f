package dev.quiesce.bench.realservice;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An HTTP load generator on the JDK's {@link HttpClient}, in a JVM of its own. Closed loop (rate 0):
 * {@code connections} threads each send a request, wait for the whole answer, and send the next, for
 * {@code seconds}; a request's latency is send to last byte. Fixed rate (rate R > 0): the same threads send on a
 * schedule of R requests per second in all (thread i sends requests i, i + connections, ...), and a request's
 * latency runs from the time it was due, not from when it was sent, so a stall of the service counts for every
 * request it held back (no coordinated omission). Latencies go into a {@link LatencyHistogram}; a request fails
 * on a non-2xx status, an exception, or a timeout (5 s). Prints one JSON object on stdout.
 *
 * <p>Usage: {@code LoadGenerator URL SECONDS CONNECTIONS [RATE]}. Each request asks for a basket of 12 items for
 * one of 1000 customers in turn.
 */
public final class LoadGenerator {
    private LoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        double seconds = Double.parseDouble(args[1]);
        int connections = Integer.parseInt(args[2]);
        double rate = args.length > 3 ? Double.parseDouble(args[3]) : 0;
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        LatencyHistogram[] hists = new LatencyHistogram[connections];
        AtomicLong failed = new AtomicLong();
        List<String> failures = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < connections; t++) {
            LatencyHistogram h = new LatencyHistogram();
            hists[t] = h;
            int id = t;
            Thread th = new Thread(() -> {
                long n = 0;
                while (true) {
                    long customer = (id * 7919L + n++) % 1000 + 1;
                    HttpRequest req = HttpRequest.newBuilder(URI.create(url + "?basket=12&customer=" + customer))
                            .timeout(Duration.ofSeconds(5)).GET().build();
                    long t0;
                    if (rate > 0) {
                        t0 = start + (long) (((n - 1) * connections + id) * 1e9 / rate); // when this request is due
                        if (t0 >= end) {
                            return;
                        }
                        for (long left; (left = t0 - System.nanoTime()) > 0; ) {
                            LockSupport.parkNanos(left);
                        }
                    } else {
                        t0 = System.nanoTime();
                        if (t0 >= end) {
                            return;
                        }
                    }
                    try {
                        HttpResponse<byte[]> resp = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
                        h.record(System.nanoTime() - t0);
                        if (resp.statusCode() / 100 != 2) {
                            fail(failed, failures, t0 - start, "status " + resp.statusCode());
                        }
                    } catch (Exception e) {
                        h.record(System.nanoTime() - t0);
                        fail(failed, failures, t0 - start, e.toString());
                        if (e instanceof InterruptedException) {
                            return;
                        }
                    }
                }
            }, "load-" + t);
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        LatencyHistogram all = new LatencyHistogram();
        for (LatencyHistogram h : hists) {
            all.add(h);
        }
        StringBuilder sb = new StringBuilder("{");
        sb.append(String.format(Locale.ROOT, "\"seconds\":%.3f,\"connections\":%d,\"rate\":%.1f,\"requests\":%d,\"failed\":%d,"
                + "\"throughput\":%.1f,\"p50_us\":%.1f,\"p90_us\":%.1f,\"p99_us\":%.1f,\"p999_us\":%.1f,\"max_us\":%.1f",
                elapsed, connections, rate, all.count(), failed.get(), all.count() / elapsed, us(all.percentile(0.50)),
                us(all.percentile(0.90)), us(all.percentile(0.99)), us(all.percentile(0.999)), us(all.max())));
        // the latency distribution for a percentile plot: [percentile, us] at 50%, 75%, 90%, ... 99.999%, max
        sb.append(",\"curve\":[");
        double[] qs = {0.5, 0.75, 0.9, 0.95, 0.99, 0.995, 0.999, 0.9995, 0.9999, 0.99999};
        for (double q : qs) {
            sb.append(String.format(Locale.ROOT, "[%.3f,%.1f],", 100 * q, us(all.percentile(q))));
        }
        sb.append(String.format(Locale.ROOT, "[100.0,%.1f]]", us(all.max())));
        synchronized (failures) {
            sb.append(",\"first_failures\":[");
            for (int i = 0; i < failures.size(); i++) {
                sb.append(i > 0 ? "," : "").append('"').append(failures.get(i).replace("\\", "\\\\").replace("\"", "'"))
                        .append('"');
            }
            sb.append(']');
        }
        System.out.println(sb.append('}'));
    }

    private static void fail(AtomicLong failed, List<String> failures, long at, String why) {
        failed.incrementAndGet();
        synchronized (failures) {
            if (failures.size() < 5) {
                failures.add(String.format(Locale.ROOT, "%.3fs: %s", at / 1e9, why));
            }
        }
    }

    private static double us(long nanos) {
        return nanos / 1000.0;
    }
}
