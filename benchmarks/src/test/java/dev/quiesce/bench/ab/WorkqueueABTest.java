package dev.quiesce.bench.ab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.wq.Workqueue;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WorkqueueABTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) throws Exception {
        return WorkqueueAB.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String runtime() throws Exception {
        return Path.of(Workqueue.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    @Test
    void badArgumentsRunNothing() throws Exception {
        String rt = runtime();
        assertEquals(2, run(rt));
        assertEquals(2, run(rt, rt, "zero"));
        assertEquals(2, run(rt, rt, "0"));
        assertEquals(2, run(rt, rt, "1", "sideways"));
        assertEquals(2, run(rt, "/nonexistent/classes"));
        assertEquals(2, run(rt, Path.of("pom.xml").toAbsolutePath().toString()));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("usage:") && e.contains("must be a number") && e.contains("no dev/quiesce/wq classes"), e);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void oneRoundComparesTheTwoVersions() throws Exception {
        String rt = runtime();
        assertEquals(0, run(rt, rt, "1", "roundTrip"), err.toString(StandardCharsets.UTF_8));
        String o = out.toString(StandardCharsets.UTF_8);
        assertTrue(o.contains("round  0: A") && o.contains("median B/A over 1 rounds"), o);
    }
}
