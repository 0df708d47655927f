package dev.quiesce.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HotLoopSwapsTest {
    @Test
    void badArgumentsAndAMissingAgentRunNothing() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(2, HotLoopSwaps.run(new String[] {"2", "count"}, o, e));
        assertEquals(2, HotLoopSwaps.run(new String[] {"2", "sum", "3"}, o, e));
        assertEquals(2, HotLoopSwaps.run(new String[] {"two", "count", "3"}, o, e));
        assertEquals(2, HotLoopSwaps.run(new String[] {"0", "count", "3"}, o, e));
        assertEquals(2, HotLoopSwaps.run(new String[] {"2", "timing", "3"}, o, e), "no agent in this JVM");
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("usage:") && text.contains("must be numbers") && text.contains("1 to 256")
                && text.contains("agent is not loaded"), text);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }
}
