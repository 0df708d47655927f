package dev.quiesce.examples.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ShopServiceTest {
    /** Records whether prices were computed on virtual threads; throws for item 13. */
    static final class ProbedCatalog extends Catalog {
        final AtomicBoolean sawVirtual = new AtomicBoolean();
        final AtomicBoolean sawPlatform = new AtomicBoolean();

        @Override
        public long price(long item) {
            (isVirtual(Thread.currentThread()) ? sawVirtual : sawPlatform).set(true);
            if (item == 13) {
                throw new IllegalStateException("planted fault");
            }
            return super.price(item);
        }

        private static boolean isVirtual(Thread t) {
            try {
                Method m = Thread.class.getMethod("isVirtual");
                return (boolean) m.invoke(t);
            } catch (NoSuchMethodException e) {
                return false;
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = ExecutorKind.class, names = {"PLATFORM", "VIRTUAL"})
    void servesEveryEndpointWithTheRightStatus(ExecutorKind kind) throws Exception {
        assumeTrue(kind != ExecutorKind.VIRTUAL || ExecutorKind.virtualThreadsAvailable(), "JDK 21+");
        ProbedCatalog catalog = new ProbedCatalog();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (ShopService shop = ShopService.start(0, kind, catalog, new PrintStream(log, true, StandardCharsets.UTF_8))) {
            int port = shop.port();
            assertTrue(port > 0);
            assertEquals(kind, shop.executorKind());

            Http.Answer health = Http.get(port, "/health");
            assertEquals(200, health.status());
            assertEquals("ok\n", health.body());

            Catalog plain = new Catalog();
            Http.Answer price = Http.get(port, "/price?item=7");
            assertEquals(200, price.status());
            assertEquals("item 7 price " + Checkout.format(plain.price(7)) + "\n", price.body());
            assertEquals(200, Http.get(port, "/price?item=19").status()); // the tier that waits for its supplier

            Http.Answer checkout = Http.get(port, "/checkout?items=1,2,%203,2");
            assertEquals(200, checkout.status());
            long total = new Checkout().total(new long[] {plain.price(1), plain.price(2), plain.price(3), plain.price(2)});
            assertEquals("items 4 total " + Checkout.format(total) + "\n", checkout.body());

            assertBadRequest(port, "/price", "missing parameter item");
            assertBadRequest(port, "/price?item=", "missing parameter item");
            assertBadRequest(port, "/price?item=abc", "item must be a whole number, got \"abc\"");
            assertBadRequest(port, "/price?item=1.5", "item must be a whole number, got \"1.5\"");
            assertBadRequest(port, "/checkout", "missing parameter items");
            assertBadRequest(port, "/checkout?items=1,x,3", "items must be a whole number, got \"x\"");
            assertBadRequest(port, "/checkout?items=1,,3", "items must be a whole number, got \"\"");
            assertBadRequest(port, "/checkout?items=" + "1,".repeat(50) + "1", "at most 50 items per checkout, got 51");
            assertEquals(404, Http.get(port, "/price?item=0").status());
            assertEquals(404, Http.get(port, "/price?item=1001").status());
            assertEquals(404, Http.get(port, "/checkout?items=1,5000").status());
            assertEquals(404, Http.get(port, "/nothing").status());
            assertEquals(404, Http.get(port, "/pricey?item=1").status());
            assertEquals(405, Http.send(port, "/price?item=1", "POST").status());

            Http.Answer fault = Http.get(port, "/price?item=13");
            assertEquals(500, fault.status());
            assertEquals("internal error\n", fault.body());
            assertTrue(log.toString(StandardCharsets.UTF_8).contains("planted fault"), log::toString);
            assertEquals(200, Http.get(port, "/health").status(), "a fault does not break the service");

            Http.Answer stats = Http.get(port, "/stats");
            assertEquals(200, stats.status());
            // requests answered before this one: health 2; price 2 + 4 bad + 2 unknown items + 1 POST + 1 fault;
            // checkout 1 + 4 bad + 1 unknown item; other 2 (/nothing, /pricey)
            assertEquals("served 20\nfailed 1\nrejected 14\nendpoint /price 10\nendpoint /checkout 6\n"
                    + "endpoint /health 2\nendpoint /stats 0\nendpoint other 2\n", stats.body());
            assertEquals(1, shop.stats().failed());

            if (kind == ExecutorKind.VIRTUAL) {
                assertTrue(catalog.sawVirtual.get() && !catalog.sawPlatform.get(), "requests ran on virtual threads");
            } else {
                assertTrue(catalog.sawPlatform.get() && !catalog.sawVirtual.get(), "requests ran on platform threads");
            }
        }
    }

    private static void assertBadRequest(int port, String pathAndQuery, String message) throws Exception {
        Http.Answer a = Http.get(port, pathAndQuery);
        assertEquals(400, a.status(), pathAndQuery);
        assertEquals(message + "\n", a.body(), pathAndQuery);
    }

    @Test
    void autoMeansVirtualThreadsWhenTheJvmHasThem() throws Exception {
        try (ShopService shop = ShopService.start(0, ExecutorKind.AUTO)) {
            assertEquals(ExecutorKind.virtualThreadsAvailable() ? ExecutorKind.VIRTUAL : ExecutorKind.PLATFORM,
                    shop.executorKind());
            assertEquals(200, Http.get(shop.port(), "/health").status());
        }
    }

    @Test
    void startupLineHasTheFormatToolsParse() {
        assertEquals("shop: listening on http://127.0.0.1:8080 pid 4242", ShopService.startupLine(8080, 4242));
    }

    @Test
    void runPrintsTheStartupLineFirstAndTheFinalLineLast() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ShopService.run(new String[] {"--seconds", "1", "--quiet"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false);
        assertEquals(0, status, err::toString);
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length, out::toString);
        assertTrue(lines[0].matches("shop: listening on http://127\\.0\\.0\\.1:[1-9][0-9]* pid "
                + ProcessHandle.current().pid()), lines[0]);
        assertEquals("shop: served 0 request(s), 0 failed", lines[1]);
    }

    @Test
    void badOptionsExitTwoWithTheReason() {
        assertBadOptions("--port needs a whole number from 0 to 65535, got \"http\"", "--port", "http");
        assertBadOptions("--port needs a whole number from 0 to 65535, got \"70000\"", "--port", "70000");
        assertBadOptions("--load needs a value", "--load");
        assertBadOptions("--seconds needs a whole number from 0 to 86400, got \"-1\"", "--seconds", "-1");
        assertBadOptions("--executor needs auto, virtual or platform, got \"green\"", "--executor", "green");
        assertBadOptions("unknown option \"--verbose\"", "--verbose");
    }

    private static void assertBadOptions(String reason, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ShopService.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        assertEquals(2, status);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("shop: " + reason + "\nusage: "), err::toString);
    }

    @Test
    void optionsParse() {
        assertEquals(new ShopOptions(8080, 4, 30, ExecutorKind.PLATFORM, true, false),
                ShopOptions.parse("--port", "8080", "--load", "4", "--seconds", "30", "--executor", "platform", "--quiet"));
        assertEquals(new ShopOptions(0, 0, 0, ExecutorKind.AUTO, false, false), ShopOptions.parse());
        assertTrue(ShopOptions.parse("--help").help());
    }
}
