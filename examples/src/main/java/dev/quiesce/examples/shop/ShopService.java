package dev.quiesce.examples.shop;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A small shop as an HTTP service on the JDK's {@link HttpServer}, bound to 127.0.0.1 only: the service a
 * tracing demo attaches to. Endpoints (GET, plain text):
 *
 * <ul>
 *   <li>{@code /price?item=N}: {@link Catalog#price(long)} of one item;
 *   <li>{@code /checkout?items=N,N,...}: the price of each item, then {@link Checkout#total(long[])};
 *   <li>{@code /health}: "ok";
 *   <li>{@code /stats}: requests served, failed and rejected, and requests by endpoint ({@link ShopStats}).
 * </ul>
 *
 * <p>Bad input answers 400 with a one-line reason, an unknown item 404, an unexpected exception 500 (counted
 * as failed). Requests run on virtual threads on JDK 21+, else on a bounded pool of platform threads
 * ({@link ExecutorKind}).
 *
 * <p>As a program ({@code ShopService --help} for the options), it first prints exactly one line,
 * {@code shop: listening on http://127.0.0.1:<port> pid <pid>}, optionally runs a {@link LoadGenerator}
 * against itself, and on SIGTERM, SIGINT or the end of {@code --seconds} stops the load, then the server,
 * prints {@code shop: served <n> request(s), <f> failed} and exits 0. Bad options exit 2.
 *
 * <p>In a test: {@code try (ShopService shop = ShopService.start(0, ExecutorKind.AUTO)) { ... shop.port() ... }}.
 */
public final class ShopService implements AutoCloseable {
    /** How often the load generator prints its line. */
    static final Duration REPORT_EVERY = Duration.ofSeconds(5);
    private static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    private final HttpServer server;
    private final ExecutorService executor;
    private final ExecutorKind executorKind;
    private final ShopStats stats;
    private boolean closed;

    private ShopService(HttpServer server, ExecutorService executor, ExecutorKind kind, ShopStats stats) {
        this.server = server;
        this.executor = executor;
        this.executorKind = kind;
        this.stats = stats;
    }

    /**
     * Starts the service on 127.0.0.1:{@code port} (0: an ephemeral port).
     *
     * @throws IOException if the port cannot be bound
     * @throws IllegalStateException for {@link ExecutorKind#VIRTUAL} before JDK 21
     */
    public static ShopService start(int port, ExecutorKind kind) throws IOException {
        return start(port, kind, new Catalog(), System.err);
    }

    /** {@link #start(int, ExecutorKind)} with a given catalog, and where 500s are logged. */
    static ShopService start(int port, ExecutorKind kind, Catalog catalog, PrintStream log) throws IOException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
        }
        // Before JDK 21 the server writes an answer's headers and body as two segments; under Nagle's
        // algorithm, a keep-alive client's delayed ACK then costs each request about 40 ms. The JDK reads
        // the property once, when the first server of the JVM is created.
        if (System.getProperty(NODELAY_PROPERTY) == null) {
            System.setProperty(NODELAY_PROPERTY, "true");
        }
        ExecutorKind resolved = kind.resolve();
        ExecutorService executor = resolved.newExecutor();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), 128);
        } catch (IOException | RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
        ShopStats stats = new ShopStats();
        new ShopHandlers(catalog, new Checkout(), stats, log).register(server);
        server.setExecutor(executor);
        server.start();
        return new ShopService(server, executor, resolved, stats);
    }

    /** The port the service listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The threads requests run on: {@link ExecutorKind#VIRTUAL} or {@link ExecutorKind#PLATFORM}. */
    public ExecutorKind executorKind() {
        return executorKind;
    }

    /** The request counters. */
    public ShopStats stats() {
        return stats;
    }

    /** Stops accepting requests, lets those in flight finish (up to a second), and stops the threads. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(1);
        executor.shutdown();
        boolean interrupted = false;
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The first line the program prints; tools parse it, so its format stays. */
    public static String startupLine(int port, long pid) {
        return "shop: listening on http://127.0.0.1:" + port + " pid " + pid;
    }

    /** The last line the program prints. */
    public static String finalLine(ShopStats stats) {
        return "shop: served " + stats.served() + " request(s), " + stats.failed() + " failed";
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, true));
    }

    /**
     * The program: returns the exit status (0, or 1 if the port cannot be bound, 2 for bad options). With
     * {@code asProcess}, SIGTERM and SIGINT stop it and a shutdown hook stops it on any other exit; without,
     * it needs {@code --seconds} to end.
     */
    static int run(String[] args, PrintStream out, PrintStream err, boolean asProcess) {
        ShopOptions o;
        try {
            o = ShopOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("shop: " + e.getMessage());
            err.println(ShopOptions.USAGE);
            return 2;
        }
        if (o.help()) {
            out.println(ShopOptions.USAGE);
            return 0;
        }
        if (o.executor() == ExecutorKind.VIRTUAL && !ExecutorKind.virtualThreadsAvailable()) {
            err.println("shop: --executor virtual needs JDK 21 or newer; this is JDK " + Runtime.version());
            return 2;
        }
        ShopService service;
        try {
            service = start(o.port(), o.executor());
        } catch (IOException e) {
            err.println("shop: cannot listen on 127.0.0.1:" + o.port() + ": " + e);
            return 1;
        }
        LoadGenerator load = o.load() > 0
                ? LoadGenerator.start(service.port(), o.load(), REPORT_EVERY, o.quiet() ? null : out) : null;
        Shutdown shutdown = new Shutdown(load, service, out);
        CountDownLatch stopRequested = new CountDownLatch(1);
        if (asProcess) { // before the startup line: whoever reads it may signal at once
            Runtime.getRuntime().addShutdownHook(new Thread(shutdown::run, "shop-shutdown"));
            StopSignals.install(stopRequested::countDown);
        }
        out.println(startupLine(service.port(), ProcessHandle.current().pid())); // the load prints after 5 s
        out.flush();
        try {
            if (o.seconds() > 0) {
                stopRequested.await(o.seconds(), TimeUnit.SECONDS);
            } else {
                stopRequested.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stop now
        }
        shutdown.run();
        return 0;
    }

    /** Stops the load, then the server, then prints the final line; once, whoever calls first (main or hook). */
    private static final class Shutdown {
        private final LoadGenerator load;
        private final ShopService service;
        private final PrintStream out;
        private boolean done;

        Shutdown(LoadGenerator load, ShopService service, PrintStream out) {
            this.load = load;
            this.service = service;
            this.out = out;
        }

        synchronized void run() {
            if (done) {
                return;
            }
            done = true;
            if (load != null) {
                load.close();
            }
            service.close();
            out.println(finalLine(service.stats()));
            out.flush();
        }
    }
}
