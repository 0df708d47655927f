package dev.quiesce.agent.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ProbeSpecTest {
    private static final ClassPattern CLASSES = ClassPattern.of("com.example.Checkout");
    private static final MethodPattern METHODS = MethodPattern.of("price");

    private static ProbeSpec spec(String name, SiteKind site, ActionKind action, Optional<String> handler,
                                  Optional<String> jar, ProbeOptions options) {
        return new ProbeSpec(name, site, CLASSES, METHODS, Optional.empty(), action, handler, jar, options);
    }

    private static void assertUnplaced(Executable code, String message) {
        SpecException e = assertThrows(SpecException.class, code);
        assertEquals(0, e.line());
        assertEquals(0, e.column());
        assertEquals(message, e.getMessage());
    }

    @Test
    void defaultsAndDefaultName() {
        ProbeSpec spec = spec(null, SiteKind.ENTRY, ActionKind.COUNT, Optional.empty(), Optional.empty(),
                ProbeOptions.DEFAULT);
        assertEquals("count-Checkout.price", spec.name());
        ProbeOptions d = ProbeOptions.DEFAULT;
        assertEquals(new ProbeOptions(1, 0, 0, 1024, 32, false, false, 100, 100), d);
        assertEquals(ProbeOptions.UNLIMITED, d.ratePerSecond());
        assertEquals(ProbeOptions.UNLIMITED, d.limit());
        assertEquals("", d.toText());
        assertEquals("renamed", spec.withName("renamed").name());
        assertEquals(spec, spec.withName("count-Checkout.price"));
    }

    @Test
    void defaultNamesAreReadable() {
        assertEquals("count-any.any",
                ProbeSpec.defaultName(ActionKind.COUNT, ClassPattern.of("com.example.**"), MethodPattern.of("*")));
        assertEquals("hist-Service.handle",
                ProbeSpec.defaultName(ActionKind.HIST, ClassPattern.of("com.*.*Service"), MethodPattern.of("handle*")));
        assertEquals("stack-Api-Inner.lambda-run-0",
                ProbeSpec.defaultName(ActionKind.STACK, ClassPattern.of("Api$Inner"), MethodPattern.of("lambda$run$0")));
        assertEquals("capture-_ber.m",
                ProbeSpec.defaultName(ActionKind.CAPTURE, ClassPattern.of("a.\u00dcber"), MethodPattern.of("m")));
    }

    @Test
    void constructionChecksTheSameRulesWithoutAPosition() {
        Optional<String> none = Optional.empty();
        ProbeOptions d = ProbeOptions.DEFAULT;
        assertUnplaced(() -> spec("a b", SiteKind.ENTRY, ActionKind.COUNT, none, none, d),
                "ProbeSpec: a probe name may only contain letters, digits, '_', '.' and '-'; got space");
        assertUnplaced(() -> spec("x".repeat(65), SiteKind.ENTRY, ActionKind.COUNT, none, none, d),
                "ProbeSpec: a probe name is at most 64 characters; this one is 65");
        assertUnplaced(() -> spec(null, SiteKind.ENTRY, ActionKind.HIST, none, none, d),
                "ProbeSpec: hist needs the timing site (it measures entry-to-exit latency); this probe's site is entry");
        assertUnplaced(() -> spec(null, SiteKind.ENTRY, ActionKind.HANDLER, none, none, d),
                "ProbeSpec: the handler action needs a handler class");
        assertUnplaced(() -> spec(null, SiteKind.ENTRY, ActionKind.COUNT, Optional.of("x.H"), none, d),
                "ProbeSpec: a handler class is only valid with the handler action; this probe's action is count");
        assertUnplaced(() -> spec(null, SiteKind.ENTRY, ActionKind.COUNT, none, Optional.of("h.jar"), d),
                "ProbeSpec: jar is only valid with a handler action (handler=<class>)");
        assertUnplaced(() -> spec(null, SiteKind.ENTRY, ActionKind.STACK, none, none, d.withSleepable(true)),
                "ProbeSpec: sleepable=true is only valid with a handler action; built-in actions never block");
        assertUnplaced(() -> spec(null, SiteKind.ENTRY, ActionKind.HANDLER, Optional.of("x.*"), none, d),
                "ProbeSpec: a handler is one class, not a pattern");
        assertUnplaced(() -> spec(null, SiteKind.ENTRY, ActionKind.HANDLER, Optional.of("x.H"), Optional.of(""), d),
                "ProbeSpec: empty jar path");
        assertThrows(NullPointerException.class,
                () -> new ProbeSpec(null, null, CLASSES, METHODS, Optional.empty(), ActionKind.COUNT,
                        Optional.empty(), Optional.empty(), d));
        spec(null, SiteKind.EXIT, ActionKind.HANDLER, Optional.of("x.H"), none, d.withSleepable(true));
    }

    @Test
    void optionRangesAreCheckedOnConstruction() {
        ProbeOptions d = ProbeOptions.DEFAULT;
        assertUnplaced(() -> d.withSampleEvery(0), "ProbeOptions: sampleEvery must be between 1 and 2147483647; got 0");
        assertUnplaced(() -> d.withRatePerSecond(-1), "ProbeOptions: ratePerSecond must be at least 1 per second; got -1");
        assertUnplaced(() -> d.withLimit(-5), "ProbeOptions: limit must be at least 1; got -5");
        assertUnplaced(() -> d.withMaxBytes(15), "ProbeOptions: maxBytes must be between 16 and 1048576; got 15");
        assertUnplaced(() -> d.withMaxBytes(1_048_577), "ProbeOptions: maxBytes must be between 16 and 1048576; got 1048577");
        assertUnplaced(() -> d.withStackDepth(0), "ProbeOptions: stackDepth must be between 1 and 1024; got 0");
        assertUnplaced(() -> d.withMaxClasses(0), "ProbeOptions: maxClasses must be between 1 and 2147483647; got 0");
        assertUnplaced(() -> d.withErrorLimit(0), "ProbeOptions: errorLimit must be between 1 and 2147483647; got 0");
        assertEquals(ProbeOptions.UNLIMITED, d.withRatePerSecond(5).withRatePerSecond(ProbeOptions.UNLIMITED).ratePerSecond());
        assertTrue(d.withRatePerSecond(5).isRateLimited());
    }

    @Test
    void specExceptionMessages() {
        SpecException placed = new SpecException("f.json", 3, 7, "bad thing");
        assertEquals("f.json:3:7: bad thing", placed.getMessage());
        assertEquals("f.json", placed.source());
        assertEquals(3, placed.line());
        assertEquals(7, placed.column());
        assertEquals("bad thing", placed.reason());
        assertEquals("x: no place", new SpecException("x", 0, 0, "no place").getMessage());
        assertTrue(placed instanceof IllegalArgumentException);
        assertThrows(IllegalArgumentException.class, () -> new SpecException("x", -1, 0, "r"));
        assertThrows(NullPointerException.class, () -> new SpecException(null, 1, 1, "r"));
        SpecException echoed = new SpecException("spec", 1, 3, "here", "abcdef");
        assertEquals("spec:1:3: here\nabcdef\n  ^", echoed.getMessage());
        SpecException pastTheEnd = new SpecException("spec", 1, 5, "end", "abc");
        assertEquals("spec:1:5: end\nabc\n    ^", pastTheEnd.getMessage());
    }

    @Test
    void siteAndActionWords() {
        for (SiteKind site : SiteKind.values()) {
            assertEquals(site, SiteKind.byWord(site.word().toUpperCase(java.util.Locale.ROOT)));
        }
        for (ActionKind action : ActionKind.values()) {
            assertEquals(action, ActionKind.byWord(action.word()));
        }
        assertEquals(ActionKind.HIST, ActionKind.byWord("histogram"));
        assertEquals(null, SiteKind.byWord("enter"));
    }

    @Test
    void nearestWord() {
        assertEquals(1, Words.distance("smaple", "sample"));
        assertEquals(2, Words.distance("cnt", "count"));
        assertEquals("sample", Words.nearest("smaple", OptionKey.textKeys()));
        assertEquals("handler", Words.nearest("handlr", ActionKind.textWords()));
        assertEquals(null, Words.nearest("x", OptionKey.textKeys()));
        assertEquals(null, Words.nearest("zzzzzz", OptionKey.textKeys()));
    }
}
