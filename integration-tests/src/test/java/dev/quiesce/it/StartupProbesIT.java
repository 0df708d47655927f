package dev.quiesce.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Probes given to {@code -javaagent} at start-up, from a file and inline: linked before the first request, and
 * a malformed file reported with the parser's own message while the service starts without it.
 */
class StartupProbesIT {
    @TempDir
    Path dir;

    @Test
    void probesFromAFileAndInlineAreLinkedAtStart() throws Exception {
        Path file = Files.writeString(dir.resolve("probes.txt"), "# the shop's probes\n"
                + "timing " + CliIT.PRICE + " hist name=price\n");
        String agent = "-javaagent:" + Cli.agentJar() + "=probes=" + file + ",probe=entry "
                + "dev.quiesce.examples.shop.Checkout#total count name=totals";
        try (ShopProcess shop = ShopProcess.start(Jdks.javaOf("17"), 0, agent)) {
            for (int i = 1; i <= 10; i++) {
                assertEquals(200, shop.get("/price?item=" + i));
            }
            Cli.Result list = Cli.run("probe", "list", shop.pid());
            assertEquals(0, list.code(), list.all());
            assertTrue(list.out().contains("price v1") && list.out().contains("10 hit(s)"), list.all());
            assertTrue(list.out().contains("totals v1"), list.all());
            assertTrue(shop.stderr().contains("quiesce: added price v1"), shop.stderr());
            assertEquals(0, Cli.run("detach", shop.pid()).code());
            assertEquals(0, shop.stop()[1]);
        }
    }

    @Test
    void aMalformedFileIsReportedAndTheServiceStartsWithoutIt() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.txt"), "entry " + CliIT.PRICE + " count name=a\n"
                + "timing " + CliIT.PRICE + " histo name=b\n");
        try (ShopProcess shop = ShopProcess.start(Jdks.javaOf("17"), 0, "-javaagent:" + Cli.agentJar() + "=probes="
                + file)) {
            assertEquals(200, shop.get("/price?item=1"));
            String err = shop.stderr();
            assertTrue(err.contains("quiesce: probes from " + file + " not added") && err.contains(":2:")
                    && err.contains("did you mean \"hist\""), err);
            Cli.Result list = Cli.run("probe", "list", shop.pid());
            assertEquals("no probes", list.out().strip(), list.all()); // all or nothing: a was not added either
            assertEquals(0, shop.stop()[1]);
        }
    }
}
