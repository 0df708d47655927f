package dev.quiesce.examples.shop;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.quiesce.examples.shop.ShopStats.Endpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The service's HTTP endpoints. Every answer is plain text; a bad request (missing or malformed parameter)
 * gets 400 and a one-line reason, an unknown item 404, a method other than GET 405, and an unexpected
 * exception 500 (counted as failed, and logged as one line on stderr).
 */
final class ShopHandlers {
    /** Most items one checkout may hold. */
    static final int MAX_CHECKOUT_ITEMS = 50;

    /** A request the service refuses with 400 and this message. */
    static final class BadRequestException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequestException(String message) {
            super(message);
        }
    }

    /** What an endpoint answers with 200, given the query's parameters. */
    @FunctionalInterface
    private interface Action {
        String answer(Map<String, String> query);
    }

    private final Catalog catalog;
    private final Checkout checkout;
    private final ShopStats stats;
    private final PrintStream log;

    ShopHandlers(Catalog catalog, Checkout checkout, ShopStats stats, PrintStream log) {
        this.catalog = catalog;
        this.checkout = checkout;
        this.stats = stats;
        this.log = log;
    }

    void register(HttpServer server) {
        server.createContext(Endpoint.PRICE.path, ex -> serve(ex, Endpoint.PRICE, this::price));
        server.createContext(Endpoint.CHECKOUT.path, ex -> serve(ex, Endpoint.CHECKOUT, this::checkout));
        server.createContext(Endpoint.HEALTH.path, ex -> serve(ex, Endpoint.HEALTH, q -> "ok\n"));
        server.createContext(Endpoint.STATS.path, ex -> serve(ex, Endpoint.STATS, q -> stats.render()));
        server.createContext("/", ex -> serve(ex, Endpoint.OTHER, q -> {
            throw new IllegalStateException("unreachable");
        }));
    }

    private String price(Map<String, String> query) {
        long item = number("item", required(query, "item"));
        return "item " + item + " price " + Checkout.format(catalog.price(item)) + "\n";
    }

    private String checkout(Map<String, String> query) {
        String list = required(query, "items");
        String[] parts = list.split(",", -1);
        if (parts.length > MAX_CHECKOUT_ITEMS) {
            throw new BadRequestException("at most " + MAX_CHECKOUT_ITEMS + " items per checkout, got " + parts.length);
        }
        long[] prices = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            prices[i] = catalog.price(number("items", parts[i].trim()));
        }
        return "items " + prices.length + " total " + Checkout.format(checkout.total(prices)) + "\n";
    }

    private void serve(HttpExchange ex, Endpoint context, Action action) {
        int status;
        String body;
        String path = ex.getRequestURI().getPath();
        // A context also gets longer paths ("/pricey" reaches "/price", depending on the JDK): those are OTHER.
        Endpoint endpoint = context.path.equals(path) ? context : Endpoint.OTHER;
        try {
            if (endpoint == Endpoint.OTHER) {
                status = 404;
                body = "no such page: " + oneLine(path) + " (try /price?item=N, /checkout?items=N,N, /health, /stats)\n";
            } else if (!"GET".equals(ex.getRequestMethod())) {
                status = 405;
                body = "method " + oneLine(ex.getRequestMethod()) + " not allowed; use GET\n";
                ex.getResponseHeaders().set("Allow", "GET");
            } else {
                body = action.answer(parseQuery(ex.getRequestURI().getRawQuery()));
                status = 200;
            }
        } catch (BadRequestException e) {
            status = 400;
            body = oneLine(e.getMessage()) + "\n";
        } catch (Catalog.NoSuchItemException e) {
            status = 404;
            body = oneLine(e.getMessage()) + "\n";
        } catch (RuntimeException e) {
            status = 500;
            body = "internal error\n";
            log.println("shop: 500 on " + oneLine(String.valueOf(ex.getRequestURI())) + ": " + oneLine(e.toString()));
        }
        stats.answered(endpoint, status); // before the answer: a client that saw it sees it counted in /stats
        try {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException | RuntimeException e) { // the client went away, or the server is stopping
            if (status < 500) {
                stats.failedAfterAnswer();
            }
        } finally {
            ex.close();
        }
    }

    private static String required(Map<String, String> query, String name) {
        String v = query.get(name);
        if (v == null || v.isEmpty()) {
            throw new BadRequestException("missing parameter " + name);
        }
        return v;
    }

    private static long number(String name, String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new BadRequestException(name + " must be a whole number, got \"" + oneLine(text) + "\"");
        }
    }

    /** The query's parameters, decoded; the first of repeated names wins. */
    static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                params.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) { // a malformed %-escape
                throw new BadRequestException("malformed query parameter \"" + oneLine(pair) + "\"");
            }
        }
        return params;
    }

    /** {@code s} cut to one short line, for answers and logs. */
    static String oneLine(String s) {
        String t = s.replaceAll("[\\r\\n\\t]+", " ");
        return t.length() > 200 ? t.substring(0, 200) + "..." : t;
    }
}
