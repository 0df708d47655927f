package dev.quiesce.agent.spec;

import static dev.quiesce.agent.spec.SpecAssertions.assertLineError;
import static dev.quiesce.agent.spec.SpecAssertions.assertSpecError;
import static dev.quiesce.agent.spec.SpecAssertions.col;
import static dev.quiesce.agent.spec.SpecAssertions.lastCol;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TextErrorsTest {

    @Test
    void messageEchoesTheLineWithACaret() {
        SpecException e = assertLineError("entry a.B#c cuont", "cuont", "unknown action");
        assertEquals("spec", e.source());
        String[] lines = e.getMessage().split("\n", -1);
        assertEquals(3, lines.length);
        assertEquals("spec:1:13: " + e.reason(), lines[0]);
        assertEquals("entry a.B#c cuont", lines[1]);
        assertEquals("            ^", lines[2]);
    }

    @Test
    void caretKeepsTabs() {
        SpecException e = assertSpecError(() -> ProbeSpecParser.parseLine("\tentry\ta.B#c\tcuont"), 1, 14, "unknown action");
        assertTrue(e.getMessage().endsWith("\n\t     \t     \t^"), e.getMessage());
    }

    @Test
    void unknownSite() {
        SpecException e = assertLineError("entyr a.B#c count", "entyr", "unknown site \"entyr\"; did you mean \"entry\"?");
        assertTrue(e.reason().contains("valid sites: entry, return, throw, exit, timing"), e.reason());
        SpecException far = assertLineError("probe a.B#c count", "probe", "unknown site \"probe\"");
        assertFalse(far.reason().contains("did you mean"), far.reason());
        assertLineError("a.B#c count", "a.B#c", "missing site before the target");
        assertLineError("# a comment", "#", "expected a spec, not a comment");
    }

    @Test
    void emptyAndTruncatedSpecs() {
        assertSpecError(() -> ProbeSpecParser.parseLine(""), 1, 1, "empty spec");
        assertSpecError(() -> ProbeSpecParser.parseLine("   "), 1, 1, "empty spec");
        assertSpecError(() -> ProbeSpecParser.parseLine("entry"), 1, 6, "missing target");
        assertSpecError(() -> ProbeSpecParser.parseLine("entry a.B#c"), 1, 12, "missing action");
        assertSpecError(() -> ProbeSpecParser.parseLine("entry a.B#c\nexit a.B#c count"), 1, 12, "a spec is one line");
    }

    @Test
    void missingHash() {
        String line = "entry com.example.Checkout.price count";
        assertLineError(line, "com.example", "missing '#' between the class pattern and the method pattern");
        assertLineError(line, "com.example", "did you mean \"com.example.Checkout#price\"?");
        assertLineError("entry Checkout count", "Checkout", "missing '#'");
        assertLineError("entry a.B#c#d count", "#d", "unexpected second '#'");
    }

    @Test
    void emptyPatterns() {
        assertLineError("entry #price count", "#price", "empty class pattern");
        assertLineError("entry com.Foo# count", " count", "empty method pattern");
        assertLineError("entry com.Foo#(int) count", "(int)", "empty method pattern");
    }

    @Test
    void badGlobs() {
        assertLineError("entry com.***.Foo#bar count", "***", "bad glob \"***\"");
        assertLineError("entry com..Foo#bar count", ".Foo", "empty package segment");
        assertLineError("entry com.Foo#ba**r count", "**", "bad glob \"**\"");
        assertLineError("entry com/Foo#bar count", "/", "not '/'");
        assertLineError("entry com.Foo#get-name count", "-", "unexpected '-' in method pattern");
    }

    @Test
    void constructorsAreRefused() {
        assertLineError("entry com.Foo#<init> count", "<init>", "constructors cannot be probed yet");
        assertLineError("entry com.Foo#<init>(int) count", "<init>", "constructors cannot be probed yet");
        assertLineError("entry com.Foo#<clinit> count", "<clinit>", "static initializers (<clinit>) cannot be probed yet");
    }

    @Test
    void unbalancedParentheses() {
        assertLineError("entry a.B#c(int count", "(", "'(' is never closed");
        assertLineError("entry a.B#c) count", ")", "')' has no matching '('");
        assertSpecError(() -> ProbeSpecParser.parseLine("entry a.B#c(int)) count"), 1, lastCol("entry a.B#c(int)) count", ")"),
                "unbalanced parentheses");
        assertLineError("entry a.B#c((int)) count", "(int", "unexpected '(' in parameter type");
        assertLineError("entry a.B#c(int)(long) count", "(long", "unexpected text after the parameter list");
        assertLineError("entry a.B#c (int) count", "(int)", "no space is allowed between the method pattern and its parameter list");
    }

    @Test
    void badParameterTypes() {
        assertLineError("entry a.B#c(int[, String) count", ", String", "expected ']'");
        assertLineError("entry a.B#c(long,,String) count", ",String", "empty parameter type");
        assertLineError("entry a.B#c(java.lang.*) count", "*", "wildcards are not allowed in parameter types");
        assertLineError("entry a.B#c(.., int) count", "..", "\"..\" must be the last parameter");
        assertLineError("entry a.B#c(String...) count", "...", "write String[] for a varargs parameter");
        assertLineError("entry a.B#c(int, void) count", "void", "void is not a parameter type");
        assertLineError("entry a.B#c(long String) count", " String", "unexpected space in parameter type");
        assertLineError("entry a.B#c(in-t) count", "-", "unexpected '-' in parameter type");
    }

    @Test
    void unknownAction() {
        SpecException e = assertLineError("entry a.B#c cuont", "cuont", "unknown action \"cuont\"; did you mean \"count\"?");
        assertTrue(e.reason().contains("valid actions: count, hist, capture, stack, handler=<class>"), e.reason());
        assertLineError("entry a.B#c trace", "trace", "unknown action \"trace\"");
        assertLineError("entry a.B#c handlr", "handlr", "did you mean \"handler\"?");
        assertLineError("entry a.B#c handler", "handler", "the handler action needs a class: handler=<fully.qualified.Class>");
        assertLineError("entry a.B#c handler= sample=2", " sample", "handler= needs a class name");
        assertLineError("entry a.B#c sample=10", "sample", "missing action before the options");
    }

    @Test
    void badHandlerClass() {
        assertLineError("entry a.B#c handler=com.acme.*", "*", "a handler is one class, not a pattern");
        assertLineError("entry a.B#c handler=com..H", ".H", "empty package segment in class name");
        String trailingDot = "entry a.B#c handler=com.acme.";
        assertSpecError(() -> ProbeSpecParser.parseLine(trailingDot), 1, lastCol(trailingDot, "."), "cannot end with '.'");
        assertLineError("entry a.B#c handler=com/acme/H", "/", "not '/'");
        assertLineError("entry a.B#c handler=com.1H", "1H", "unexpected '1' in class name");
    }

    @Test
    void aBudgetIsAPositiveNumberOfMicrosecondsUpToOneCpu() {
        assertLineError("entry a.B#c count budget=0", "0", "budget");
        assertLineError("entry a.B#c count budget=1000001", "1000001", "budget");
    }

    @Test
    void unknownOptionSuggestsTheNearest() {
        SpecException e = assertLineError("entry a.B#c count smaple=10", "smaple",
                "unknown option \"smaple\"; did you mean \"sample\"?");
        assertTrue(e.reason().contains("valid options: name, sample, rate, limit, maxBytes, depth, sleepable, force,"
                + " maxClasses, errors, budget, jar"), e.reason());
        assertLineError("entry a.B#c count maxbyte=64", "maxbyte", "did you mean \"maxBytes\"?");
        assertLineError("entry a.B#c count stackDepth=4", "stackDepth", "unknown option \"stackDepth\"");
        SpecException far = assertLineError("entry a.B#c count bogus=1", "bogus", "unknown option \"bogus\"");
        assertFalse(far.reason().contains("did you mean"), far.reason());
        assertLineError("entry a.B#c count =1", "=1", "missing option name");
        assertLineError("entry a.B#c count handler=x.Y", "handler=", "handler= goes in the action position");
    }

    @Test
    void duplicateOption() {
        String line = "entry a.B#c count sample=1 limit=5 SAMPLE=2";
        SpecException e = assertSpecError(() -> ProbeSpecParser.parseLine(line), 1, col(line, "SAMPLE"),
                "duplicate option \"sample\"");
        assertTrue(e.reason().contains("first at column " + col(line, "sample=1")), e.reason());
        assertLineError("entry a.B#c handler=x.H name=a name=b", "name=b", "duplicate option \"name\"");
    }

    @Test
    void valuesOutOfRange() {
        assertLineError("entry a.B#c count maxBytes=8", "8", "maxBytes must be between 16 and 1048576; got 8");
        assertLineError("entry a.B#c count maxBytes=2m", "2m", "maxBytes must be between 16 and 1048576; got 2000000");
        assertLineError("entry a.B#c stack depth=0", "0", "depth must be between 1 and 1024; got 0");
        assertLineError("entry a.B#c stack depth=1025", "1025", "depth must be between 1 and 1024");
        assertLineError("entry a.B#c count sample=0", "0", "sample must be between 1 and 2147483647; got 0");
        assertLineError("entry a.B#c count sample=-3", "-3", "sample must be between 1 and 2147483647; got -3");
        assertLineError("entry a.B#c count sample=3000000000", "3000000000", "sample must be between 1 and 2147483647");
        assertLineError("entry a.B#c count limit=0", "0", "limit must be at least 1; got 0");
        assertLineError("entry a.B#c count rate=0/s", "0/s", "rate must be at least 1 per second; got 0");
        assertLineError("entry a.B#c count maxClasses=0", "0", "maxClasses must be between 1 and 2147483647");
        assertLineError("entry a.B#c count errors=0", "0", "errors must be between 1 and 2147483647");
    }

    @Test
    void badNumbers() {
        assertLineError("entry a.B#c count sample=1x", "x", "unexpected 'x' in number");
        assertLineError("entry a.B#c count sample=1.5", ".5", "unexpected '.' in number");
        assertLineError("entry a.B#c count sample=1__0", "__", "unexpected '_' in number");
        assertLineError("entry a.B#c count sample=_1", "_1", "expected a number like 100, 10_000 or 10k");
        assertSpecError(() -> ProbeSpecParser.parseLine("entry a.B#c count sample=10k0"), 1, 29, "unexpected '0' in number");
        assertSpecError(() -> ProbeSpecParser.parseLine("entry a.B#c count sample="), 1, 26, "missing value after \"sample=\"");
        assertLineError("entry a.B#c count limit=99999999999999999999", "9999", "number too large");
        String noUnit = "entry a.B#c count rate=100";
        assertSpecError(() -> ProbeSpecParser.parseLine(noUnit), 1, noUnit.length() + 1, "rate needs a unit: N/s, N/sec or N/min");
        assertLineError("entry a.B#c count rate=5/h", "h", "unknown rate unit \"h\"; expected s, sec or min");
        assertLineError("entry a.B#c count rate=x/s", "x/s", "expected a number");
    }

    @Test
    void badFlagsAndNames() {
        assertLineError("entry a.B#c count force=yes", "yes", "expected true or false; got \"yes\"");
        assertLineError("entry a.B#c count name=bad/name", "/", "a probe name may only contain letters, digits");
        String longName = "n".repeat(65);
        assertSpecError(() -> ProbeSpecParser.parseLine("entry a.B#c count name=" + longName), 1,
                col("entry a.B#c count name=", "name=") + 5 + 64, "at most 64 characters");
    }

    @Test
    void histNeedsTiming() {
        assertLineError("entry a.B#c hist", "hist", "hist needs the timing site");
        assertLineError("exit a.B#c histogram", "histogram", "this probe's site is exit");
    }

    @Test
    void sleepableOnlyWithAHandler() {
        assertLineError("entry a.B#c count sleepable=true", "sleepable", "sleepable=true is only valid with a handler action");
        ProbeSpecParser.parseLine("entry a.B#c count sleepable=false");
    }

    @Test
    void jarOnlyWithAHandler() {
        assertLineError("entry a.B#c count jar=/opt/h.jar", "jar=", "jar is only valid with a handler action");
        assertLineError("entry a.B#c handler=x.H jar=\"\"", "\"\"", "missing value");
    }

    @Test
    void trailingGarbage() {
        assertLineError("entry a.B#c count extra", "extra", "unexpected \"extra\"; options are key=value");
        assertLineError("entry a.B#c count stack", "stack", "a probe has one action");
        assertLineError("entry a.B#c(int)x count", "x count", "unexpected text after the parameter list");
    }

    @Test
    void quotes() {
        assertLineError("entry a.B#c handler=x.H jar=\"/opt/h.jar", "\"", "unterminated quote");
        assertLineError("entry a.B#c handler=x.H jar=\"/opt/h\".jar", ".jar", "unexpected text after the closing quote");
        assertLineError("entry a.B#c handler=x.H name=\"a b\"", " b", "a probe name may only contain");
    }

    @Test
    void errorsInLaterLinesCarryTheirLineNumber() {
        String text = "# header\n"
                + "entry a.B#c count\r\n"
                + "\n"
                + "timing a.B#c hist maxBytes=4\n";
        SpecException e = assertSpecError(() -> ProbeSpecParser.parseLines("probes.txt", text), 4,
                col("timing a.B#c hist maxBytes=4", "4"), "maxBytes must be between 16 and 1048576");
        assertEquals("probes.txt", e.source());
        String[] lines = e.getMessage().split("\n", -1);
        assertTrue(lines[0].startsWith("probes.txt:4:28: "), lines[0]);
        assertEquals("timing a.B#c hist maxBytes=4", lines[1]);
        assertEquals(" ".repeat(27) + "^", lines[2]);
    }

    @Test
    void duplicateNamesAcrossLines() {
        String text = "entry a.B#c count name=price\n"
                + "exit a.B#c count\n"
                + "timing a.B#c hist name=price\n";
        SpecException e = assertSpecError(() -> ProbeSpecParser.parseLines("f", text), 3,
                col("timing a.B#c hist name=price", "price"), "duplicate probe name \"price\"");
        assertTrue(e.reason().contains("(first at 1:" + col("entry a.B#c count name=price", "price") + ")"), e.reason());
    }
}
