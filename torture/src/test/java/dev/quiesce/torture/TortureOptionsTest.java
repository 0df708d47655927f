package dev.quiesce.torture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TortureOptionsTest {
    @Test
    void defaults() throws Exception {
        TortureOptions o = TortureOptions.parse();
        assertEquals("tasks", o.flavor());
        assertEquals(30, o.seconds());
        assertEquals(ReaderMix.DEFAULT_READERS, o.readers());
        assertFalse(o.help());
    }

    @Test
    void valuesAsNextArgumentOrAfterEquals() throws Exception {
        TortureOptions o = TortureOptions.parse("--flavor", "trace", "--seconds=7", "--readers", "3");
        assertEquals(new TortureOptions("trace", 7, 3, false), o);
    }

    @Test
    void help() throws Exception {
        assertTrue(TortureOptions.parse("--seconds", "5", "--help").help());
        assertTrue(TortureOptions.parse("-h").help());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--flavor=rcu", "--seconds=0", "--seconds=-1", "--seconds=x", "--readers=0",
            "--readers=257", "--seconds", "--bogus", "tasks", "--seconds=99999999999"})
    void badCommandLinesAreRefusedWithOneLine(String arg) {
        TortureOptions.BadOptionException e = assertThrows(TortureOptions.BadOptionException.class,
                () -> TortureOptions.parse(arg));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
