package dev.quiesce.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.agent.control.wire.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** Bad input never reaches a target: each is refused with its exit code and one plain sentence. */
class CommandLineTest {
    /** Runs the command line, capturing stderr; the exit code and what it said. */
    private static Object[] run(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        System.setErr(new PrintStream(b, true, StandardCharsets.UTF_8));
        try {
            int code = QuiesceCli.execute(args);
            return new Object[] {code, b.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setErr(err);
        }
    }

    private static void expect(int code, String says, String... args) {
        Object[] r = run(args);
        assertEquals(code, r[0], String.join(" ", args) + " said: " + r[1]);
        assertTrue(((String) r[1]).contains(says), String.join(" ", args) + " said: " + r[1]);
    }

    @Test
    void pidsAreCheckedBeforeAnythingElse() {
        expect(ExitCodes.USAGE, "not a process id: \"abc\"", "stats", "abc");
        expect(ExitCodes.USAGE, "not a process id: 0", "stats", "0");
        expect(ExitCodes.NO_JVM, "no process with pid 999999999", "stats", "999999999");
        expect(ExitCodes.USAGE, "this quiesce command itself", "stats", Long.toString(ProcessHandle.current().pid()));
    }

    @Test
    void usageErrorsExitWithTwo() {
        expect(ExitCodes.USAGE, "a command is needed");
        expect(ExitCodes.USAGE, "Unknown option", "stats", "--frobnicate", "1");
        expect(ExitCodes.USAGE, "give either a spec or --file FILE", "probe", "add", "1");
        expect(ExitCodes.USAGE, "give probe names or --all", "probe", "remove", "1");
        expect(ExitCodes.USAGE, "not a duration", "watch", "1", "x", "--interval", "soon");
        expect(ExitCodes.USAGE, "--load must be 1 to 64", "demo", "--load", "0");
    }

    @Test
    void aProcessThatIsNotAJvmIsNamedAsSuch() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            expect(ExitCodes.NO_JVM, "is not a HotSpot JVM", "attach", Long.toString(sleeper.pid()));
        } finally {
            sleeper.destroy();
        }
    }

    @Test
    void durationsReadAsPeopleTypeThem() {
        DurationConverter c = new DurationConverter();
        assertEquals(Duration.ofMillis(500), c.convert("500ms"));
        assertEquals(Duration.ofSeconds(2), c.convert("2s"));
        assertEquals(Duration.ofSeconds(3), c.convert("3"));
        assertEquals(Duration.ofMinutes(1), c.convert("1m"));
        assertThrows(TypeConversionException.class, () -> c.convert("1.5s"));
    }
}
