package dev.quiesce.agent.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/** Assertions on {@link SpecException}s: the exact line and column, and a distinctive part of the reason. */
final class SpecAssertions {
    private SpecAssertions() {
    }

    static SpecException assertSpecError(Executable code, int line, int column, String reasonPart) {
        SpecException e = assertThrows(SpecException.class, code);
        assertEquals(line + ":" + column, e.line() + ":" + e.column(), () -> "position of: " + e.getMessage());
        assertTrue(e.reason().contains(reasonPart),
                () -> "reason should contain \"" + reasonPart + "\" but was: " + e.reason());
        return e;
    }

    /** The 1-based column of the first occurrence of {@code marker} in {@code line}. */
    static int col(String line, String marker) {
        int index = line.indexOf(marker);
        if (index < 0) {
            throw new AssertionError("\"" + marker + "\" is not in \"" + line + "\"");
        }
        return index + 1;
    }

    /** The 1-based column of the last occurrence of {@code marker} in {@code line}. */
    static int lastCol(String line, String marker) {
        int index = line.lastIndexOf(marker);
        if (index < 0) {
            throw new AssertionError("\"" + marker + "\" is not in \"" + line + "\"");
        }
        return index + 1;
    }

    /** Parses one text-form line, expecting an error at the column of {@code marker}. */
    static SpecException assertLineError(String line, String marker, String reasonPart) {
        return assertSpecError(() -> ProbeSpecParser.parseLine(line), 1, col(line, marker), reasonPart);
    }
}
