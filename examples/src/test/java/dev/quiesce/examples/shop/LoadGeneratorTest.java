package dev.quiesce.examples.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {
    @Test
    void runsAgainstTheServiceWithNoFailedRequest() throws Exception {
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        try (ShopService shop = ShopService.start(0, ExecutorKind.AUTO)) {
            LoadGenerator load = LoadGenerator.start(shop.port(), 2, Duration.ofMillis(700),
                    new PrintStream(report, true, StandardCharsets.UTF_8));
            Thread.sleep(2_000);
            load.close();
            assertTrue(load.requests() > 50, "requests: " + load.requests());
            assertEquals(0, load.failed());
            assertEquals(load.requests(), load.latency().count());
            assertTrue(load.latency().p50Nanos() <= load.latency().p99Nanos());
            assertTrue(shop.stats().served() >= load.requests());
            assertEquals(0, shop.stats().failed());
            assertEquals(0, shop.stats().rejected());
            assertTrue(shop.stats().requests(ShopStats.Endpoint.PRICE) > 0);
            assertTrue(shop.stats().requests(ShopStats.Endpoint.CHECKOUT) > 0);
        }
        String[] lines = report.toString(StandardCharsets.UTF_8).split("\n");
        assertTrue(lines.length >= 1, "report lines");
        for (String line : lines) {
            assertTrue(line.matches("load: \\d+ request\\(s\\), 0 failed; last 700 ms: \\d+ req/s, p50 \\S+ \\S+,"
                    + " p99 \\S+ \\S+"), line);
        }
    }

    @Test
    void countsFailuresInsteadOfCrashing() throws Exception {
        int port;
        try (ShopService shop = ShopService.start(0, ExecutorKind.PLATFORM)) {
            port = shop.port(); // closed: nothing listens there now
        }
        LoadGenerator load = LoadGenerator.start(port, 1, null, null);
        Thread.sleep(200);
        load.close();
        assertTrue(load.requests() > 0);
        assertEquals(load.requests(), load.failed());
    }
}
