package dev.quiesce.bench.ab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QueueToStartTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return QueueToStart.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void badArgumentsRunNothing() {
        assertEquals(2, run("many"));
        assertEquals(2, run("2"));
        assertEquals(2, run("3", "-1"));
        assertEquals(2, run("3", "10", "0"));
        assertEquals(2, run("3", "10", "5", "extra"));
        assertEquals(2, run("1001"));
        assertEquals(2, run("3", "10", "100001"));
        assertEquals(2, run("3", "99999999999999"));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("usage:") && e.contains("got many"), e);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void reportsEveryExecutorsLatencies() {
        assertEquals(0, run("3", "100", "20"));
        String o = out.toString(StandardCharsets.UTF_8);
        for (String executor : QueueToStart.EXECUTORS) {
            // a row: the name, then five figures, each a positive number of microseconds
            assertTrue(o.lines().anyMatch(l -> l.matches(executor + "( +[0-9]+\\.[0-9]{2}){5}")), o);
        }
        assertTrue(o.contains("100 us pause"), o);
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }
}
