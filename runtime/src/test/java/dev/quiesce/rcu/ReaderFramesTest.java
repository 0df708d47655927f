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
    void aMarkerLineMakesAnyClassesFrameReadSide() {
        ReaderFrames f = new ReaderFrames();
        f.addMarkerLine(65_535);
        StackTraceElement inSite = new StackTraceElement("com.example.Shop", "price", "Shop.java", 65_535);
        StackTraceElement elsewhere = new StackTraceElement("com.example.Shop", "price", "Shop.java", 42);
        StackTraceElement caller = new StackTraceElement("com.example.Main", "main", "Main.java", 7);
        assertEquals(inSite, f.firstReaderFrame(new StackTraceElement[] {inSite, caller}));
        assertFalse(f.proveQuiescent(new StackTraceElement[] {inSite, caller}));
        assertTrue(f.proveQuiescent(new StackTraceElement[] {elsewhere, caller}));
        assertFalse(f.isEmpty());
        assertThrows(IllegalArgumentException.class, () -> f.addMarkerLine(0));
        assertThrows(IllegalArgumentException.class, () -> f.addMarkerLine(65_536));
        f.addMarkerLine(65_535); // twice is once
        assertTrue(f.toString().endsWith("lines [65535]"), f.toString());
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
