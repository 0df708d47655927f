package dev.quiesce.examples.shop;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A built-in load generator: client threads that request /price (4 in 5) and /checkout (1 in 5, 1 to 5 items)
 * with random items, in a loop, through a shared {@link HttpClient}. A request that fails (a status other than
 * 2xx, or an exception) is counted, never fatal; after an exception the thread pauses 10 ms so a dead server
 * does not turn it into a busy loop. Optionally prints a line of stats at a fixed interval.
 */
public final class LoadGenerator implements AutoCloseable {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client;
    private final URI base;
    private final List<Thread> threads = new ArrayList<>();
    private final LongAdder requests = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LatencyStats latency = new LatencyStats();
    private final LatencyStats window = new LatencyStats();
    private final Thread reporter;
    private volatile boolean stopping;

    private LoadGenerator(int port, int clients, Duration reportEvery, PrintStream reportTo) {
        this.base = URI.create("http://127.0.0.1:" + port);
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        for (int i = 1; i <= clients; i++) {
            threads.add(daemon("shop-load-" + i, this::loop));
        }
        this.reporter = reportTo == null ? null : daemon("shop-load-report", () -> report(reportEvery, reportTo));
    }

    /**
     * Starts {@code clients} client threads against the service on 127.0.0.1:{@code port}.
     *
     * @param reportEvery interval of the stats lines
     * @param reportTo where the stats lines go; null for none
     * @throws IllegalArgumentException unless {@code clients} is positive and the interval too, when used
     */
    public static LoadGenerator start(int port, int clients, Duration reportEvery, PrintStream reportTo) {
        if (clients < 1) {
            throw new IllegalArgumentException("clients must be positive, got " + clients);
        }
        if (reportTo != null && (reportEvery == null || reportEvery.isNegative() || reportEvery.isZero())) {
            throw new IllegalArgumentException("reportEvery must be positive, got " + reportEvery);
        }
        LoadGenerator g = new LoadGenerator(port, clients, reportEvery, reportTo);
        g.threads.forEach(Thread::start);
        if (g.reporter != null) {
            g.reporter.start();
        }
        return g;
    }

    /** Requests completed so far, failed ones included. */
    public long requests() {
        return requests.sum();
    }

    /** Requests that failed so far. */
    public long failed() {
        return failed.sum();
    }

    /** Latencies of every request so far. */
    public LatencyStats.Snapshot latency() {
        return latency.snapshot();
    }

    /** Stops the client threads (each finishes its request in flight) and the reporter, and waits for them. */
    @Override
    public void close() {
        stopping = true;
        if (reporter != null) {
            reporter.interrupt();
        }
        boolean interrupted = false;
        List<Thread> all = new ArrayList<>(threads);
        if (reporter != null) {
            all.add(reporter);
        }
        for (Thread t : all) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (client instanceof AutoCloseable c) { // JDK 21+: stops the client's own threads now, not when collected
            try {
                c.close();
            } catch (Exception e) {
                // nothing is in flight any more; the threads end when the client is collected
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        while (!stopping) {
            URI uri = rnd.nextInt(5) == 0 ? checkoutUri(rnd) : base.resolve("/price?item=" + item(rnd));
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build();
            long start = System.nanoTime();
            boolean ok;
            boolean pause = false;
            try {
                HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                ok = response.statusCode() / 100 == 2;
            } catch (IOException | RuntimeException e) {
                ok = false;
                pause = true;
            } catch (InterruptedException e) {
                ok = false;
                pause = true;
                if (stopping) {
                    return;
                }
            }
            long nanos = System.nanoTime() - start;
            requests.increment();
            latency.record(nanos);
            window.record(nanos);
            if (!ok) {
                failed.increment();
            }
            if (pause) {
                LockSupport.parkNanos(10_000_000L);
            }
        }
    }

    private URI checkoutUri(ThreadLocalRandom rnd) {
        StringBuilder sb = new StringBuilder("/checkout?items=");
        int n = 1 + rnd.nextInt(5);
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append(item(rnd));
        }
        return base.resolve(sb.toString());
    }

    private static int item(ThreadLocalRandom rnd) {
        return 1 + rnd.nextInt(Catalog.SIZE);
    }

    private void report(Duration every, PrintStream out) {
        String label = every.toMillis() % 1000 == 0 ? every.toSeconds() + " s" : every.toMillis() + " ms";
        long last = System.nanoTime();
        while (!stopping) {
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                return; // close()
            }
            if (stopping) {
                return;
            }
            long now = System.nanoTime();
            LatencyStats.Snapshot w = window.snapshotAndReset();
            long perSecond = Math.round(w.count() * 1e9 / Math.max(1, now - last));
            last = now;
            out.println("load: " + requests() + " request(s), " + failed() + " failed; last " + label + ": "
                    + perSecond + " req/s, p50 " + LatencyStats.format(w.p50Nanos()) + ", p99 "
                    + LatencyStats.format(w.p99Nanos()));
            out.flush();
        }
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
