package dev.quiesce.agent.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TextFormTest {

    @Test
    void entryCountWithParams() {
        ProbeSpec spec = ProbeSpecParser.parseLine("entry com.example.Checkout#price(long, String) count");
        assertEquals("count-Checkout.price", spec.name());
        assertEquals(SiteKind.ENTRY, spec.site());
        assertEquals(ClassPattern.of("com.example.Checkout"), spec.classes());
        assertEquals(MethodPattern.of("price"), spec.methods());
        assertEquals(Optional.of(ParamPattern.of("(long, String)")), spec.params());
        assertEquals(ActionKind.COUNT, spec.action());
        assertEquals(Optional.empty(), spec.handlerClass());
        assertEquals(Optional.empty(), spec.handlerJar());
        assertEquals(ProbeOptions.DEFAULT, spec.options());
        assertTrue(spec.matches("com.example.Checkout", "price", "(JLjava/lang/String;)J"));
        assertFalse(spec.matches("com.example.Checkout", "price", "(J)J"));
        assertFalse(spec.matches("com.example.Cart", "price", "(JLjava/lang/String;)J"));
    }

    @Test
    void timingHistWithGlobs() {
        ProbeSpec spec = ProbeSpecParser.parseLine("timing com.example.*Service#handle* hist");
        assertEquals(SiteKind.TIMING, spec.site());
        assertEquals(ActionKind.HIST, spec.action());
        assertEquals("com.example.*Service", spec.classes().text());
        assertEquals("handle*", spec.methods().text());
        assertEquals(Optional.empty(), spec.params());
        assertEquals("hist-Service.handle", spec.name());
        assertTrue(spec.matches("com.example.OrderService", "handleOrder", "()V"));
    }

    @Test
    void exitCaptureWithOptions() {
        ProbeSpec spec = ProbeSpecParser.parseLine(
                "exit com.example.Checkout#price capture sample=10 rate=100/s maxBytes=512");
        assertEquals(SiteKind.EXIT, spec.site());
        assertEquals(ActionKind.CAPTURE, spec.action());
        assertEquals(ProbeOptions.DEFAULT.withSampleEvery(10).withRatePerSecond(100).withMaxBytes(512), spec.options());
        assertEquals("capture-Checkout.price", spec.name());
    }

    @Test
    void throwCountEverywhereWithLimit() {
        ProbeSpec spec = ProbeSpecParser.parseLine("throw com.example.**#* count limit=1000");
        assertEquals(SiteKind.THROW, spec.site());
        assertEquals(1000, spec.options().limit());
        assertTrue(spec.options().hasLimit());
        assertFalse(spec.options().isRateLimited());
        assertEquals("count-any.any", spec.name());
        assertTrue(spec.matches("com.example.deep.Thing", "anything", "(I)V"));
    }

    @Test
    void sleepableHandlerFromAJar() {
        ProbeSpec spec = ProbeSpecParser.parseLine("timing com.example.Checkout#price handler=com.acme.MyHandler"
                + " jar=/opt/h.jar sleepable=true name=slow-price");
        assertEquals("slow-price", spec.name());
        assertEquals(ActionKind.HANDLER, spec.action());
        assertEquals(Optional.of("com.acme.MyHandler"), spec.handlerClass());
        assertEquals(Optional.of("/opt/h.jar"), spec.handlerJar());
        assertTrue(spec.options().sleepable());
    }

    @Test
    void stackOfAnInnerClassWithNoParams() {
        ProbeSpec spec = ProbeSpecParser.parseLine("entry com.example.Api$Inner#run() stack depth=16");
        assertEquals(ActionKind.STACK, spec.action());
        assertEquals("com.example.Api$Inner", spec.classes().text());
        assertEquals(Optional.of(ParamPattern.of("()")), spec.params());
        assertEquals(16, spec.options().stackDepth());
        assertEquals("stack-Api-Inner.run", spec.name());
    }

    @Test
    void handlerWithoutJarUsesTheAgentLoader() {
        ProbeSpec spec = ProbeSpecParser.parseLine("entry a.B#c handler=com.acme.H");
        assertEquals(Optional.of("com.acme.H"), spec.handlerClass());
        assertEquals(Optional.empty(), spec.handlerJar());
        assertEquals("handler-B.c", spec.name());
    }

    @Test
    void wordsAndKeysIgnoreCase() {
        ProbeSpec spec = ProbeSpecParser.parseLine("TIMING a.B#c Histogram MAXBYTES=64 Sleepable=FALSE");
        assertEquals(SiteKind.TIMING, spec.site());
        assertEquals(ActionKind.HIST, spec.action());
        assertEquals(64, spec.options().maxBytes());
        assertEquals("return", ProbeSpecParser.parseLine("Return a.B#c count").site().word());
    }

    @Test
    void everyOption() {
        ProbeSpec spec = ProbeSpecParser.parseLine("entry a.B#c handler=x.H name=all sample=3 rate=7/sec limit=9"
                + " maxBytes=16 depth=1024 sleepable=true force=true maxClasses=500 errors=5 budget=2k jar=h.jar");
        ProbeOptions expected = new ProbeOptions(3, 7, 9, 16, 1024, true, true, 500, 5, 2000);
        assertEquals(expected, spec.options());
        assertEquals("all", spec.name());
        assertEquals(Optional.of("h.jar"), spec.handlerJar());
    }

    @Test
    void numbersTakeSeparatorsAndSuffixes() {
        assertEquals(10_000, ProbeSpecParser.parseLine("entry a.B#c count sample=10k").options().sampleEvery());
        assertEquals(2_000_000, ProbeSpecParser.parseLine("entry a.B#c count limit=2M").options().limit());
        assertEquals(1_000_000, ProbeSpecParser.parseLine("entry a.B#c count limit=1_000_000").options().limit());
        assertEquals(1_500_000, ProbeSpecParser.parseLine("entry a.B#c count limit=1_500k").options().limit());
    }

    @Test
    void ratesAreNormalisedToPerSecondRoundingUp() {
        assertEquals(100, rate("100/s"));
        assertEquals(100, rate("100/sec"));
        assertEquals(1, rate("1/min"));
        assertEquals(1, rate("30/min"));
        assertEquals(1, rate("60/min"));
        assertEquals(2, rate("61/min"));
        assertEquals(2, rate("120/min"));
        assertEquals(10_000, rate("10k/s"));
    }

    private static long rate(String value) {
        return ProbeSpecParser.parseLine("entry a.B#c count rate=" + value).options().ratePerSecond();
    }

    @Test
    void whitespaceBetweenTokensAndInsideParentheses() {
        ProbeSpec spec = ProbeSpecParser.parseLine("  entry\ta.B#c( long ,\tString[] )   count  ");
        assertEquals("(long, String[])", spec.params().orElseThrow().text());
    }

    @Test
    void quotedValues() {
        ProbeSpec spec = ProbeSpecParser.parseLine("entry a.B#c handler=x.H jar=\"/opt/my jars/h (1).jar\"");
        assertEquals(Optional.of("/opt/my jars/h (1).jar"), spec.handlerJar());
        ProbeSpec escaped = ProbeSpecParser.parseLine("entry a.B#c handler=x.H jar=\"C:\\\\h \\\"x\\\".jar\"");
        assertEquals(Optional.of("C:\\h \"x\".jar"), escaped.handlerJar());
        ProbeSpec windows = ProbeSpecParser.parseLine("entry a.B#c handler=x.H jar=C:\\tools\\h.jar");
        assertEquals(Optional.of("C:\\tools\\h.jar"), windows.handlerJar());
    }

    @Test
    void severalLinesSkipBlanksAndComments() {
        String text = "# probes for checkout\n"
                + "\n"
                + "entry com.example.Checkout#price count\r\n"
                + "   # indented comment\r"
                + "timing com.example.Checkout#price hist name=price-latency\n"
                + "   \t\n";
        List<ProbeSpec> specs = ProbeSpecParser.parseLines("checkout.probes", text);
        assertEquals(2, specs.size());
        assertEquals("count-Checkout.price", specs.get(0).name());
        assertEquals("price-latency", specs.get(1).name());
        assertEquals(List.of(), ProbeSpecParser.parseLines("empty", ""));
    }

    @Test
    void defaultNamesThatCollideGetSuffixes() {
        List<ProbeSpec> specs = ProbeSpecParser.parseLines("f", "entry a.B#c count\n"
                + "exit a.B#c count\n"
                + "entry x.B#c count name=count-B.c-2\n"
                + "return a.B#c count\n");
        assertEquals(List.of("count-B.c", "count-B.c-3", "count-B.c-2", "count-B.c-4"),
                specs.stream().map(ProbeSpec::name).toList());
    }

    @Test
    void longDefaultNamesAreCut() {
        String method = "m".repeat(80);
        ProbeSpec spec = ProbeSpecParser.parseLine("entry a.B#" + method + " count");
        assertEquals(64, spec.name().length());
        assertTrue(spec.name().startsWith("count-B.mmm"));
        List<ProbeSpec> two = ProbeSpecParser.parseLines("f", "entry a.B#" + method + " count\nexit a.B#" + method + " count");
        assertEquals(64, two.get(1).name().length());
        assertTrue(two.get(1).name().endsWith("-2"));
    }
}
