package dev.quiesce.rcu;

import static dev.quiesce.rcu.FakeThreadView.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReaderFramesTest {
    @Test
    void classNamesMatchThemselvesAndNestedClassesOnly() {
        ReaderFrames f = new ReaderFrames();
        f.add("com.example.Probe");
        StackTraceElement[] nested = {frame("com.example.Probe$1", "run", false)};
        StackTraceElement[] similar = {frame("com.example.ProbeHelper", "run", false)};
        assertEquals(nested[0], f.firstReaderFrame(nested));
        assertNull(f.firstReaderFrame(similar));
        assertTrue(f.proveQuiescent(similar));
        assertFalse(f.proveQuiescent(nested));
    }

    @Test
    void packagePrefixesMatchSubpackages() {
        ReaderFrames f = new ReaderFrames();
        f.add("com.example.probes.");
        assertFalse(f.proveQuiescent(new StackTraceElement[] {frame("com.example.probes.deep.X", "m", false)}));
        assertTrue(f.proveQuiescent(new StackTraceElement[] {frame("com.example.probesX.Y", "m", false)}));
    }

    @Test
    void badPatternsAreRejectedAndChangeNothing() {
        ReaderFrames f = new ReaderFrames();
        for (String bad : new String[] {"", ".", "com..x", "1com.x", "com.x-y", "com x"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.add(bad));
            assertTrue(e.getMessage().contains("reader frame pattern"), e.getMessage());
        }
        assertThrows(NullPointerException.class, () -> f.add((String) null));
        assertTrue(f.isEmpty());
    }

    @Test
    void addIsIdempotentAndRemoveWorks() {
        ReaderFrames f = new ReaderFrames();
        f.add(ReaderFramesTest.class);
        f.add(ReaderFramesTest.class);
        assertTrue(f.remove(ReaderFramesTest.class.getName()));
        assertFalse(f.remove(ReaderFramesTest.class.getName()));
        assertTrue(f.isEmpty());
    }
}
