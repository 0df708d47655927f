package dev.quiesce.bench.ab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WorkqueueVsForkJoinPoolTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) throws Exception {
        return WorkqueueVsForkJoinPool.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void badArgumentsRunNothing() throws Exception {
        assertEquals(2, run("many"));
        assertEquals(2, run("0"));
        assertEquals(2, run("2", "2"));
        assertEquals(2, run("2", "-1"));
        assertEquals(2, run("2", "0", "extra"));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("usage:") && e.contains("got many") && e.contains("fewer than rounds"), e);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void oneRoundComparesBothAndSplitsTheCpu() throws Exception {
        assertEquals(0, run("1", "0"), err.toString(StandardCharsets.UTF_8));
        String o = out.toString(StandardCharsets.UTF_8);
        assertTrue(o.contains("round  0: workqueue") && o.contains("| ForkJoinPool") && o.contains("submitters")
                && o.contains("median workqueue/ForkJoinPool over 1 rounds"), o);
    }
}
