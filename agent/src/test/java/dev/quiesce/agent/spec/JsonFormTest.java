package dev.quiesce.agent.spec;

import static dev.quiesce.agent.spec.SpecAssertions.assertSpecError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonFormTest {

    private static List<ProbeSpec> parse(String json) {
        return ProbeSpecParser.parseJson("probes.json", json);
    }

    /** The 1-based line and column of the {@code occurrence}-th (from 1) {@code marker} in {@code text}. */
    private static int[] pos(String text, String marker, int occurrence) {
        int index = -1;
        for (int k = 0; k < occurrence; k++) {
            index = text.indexOf(marker, index + 1);
            if (index < 0) {
                throw new AssertionError("\"" + marker + "\" #" + occurrence + " is not in the text");
            }
        }
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[] {line, index - lineStart + 1};
    }

    private static SpecException assertJsonError(String json, String marker, int occurrence, String reasonPart) {
        int[] at = pos(json, marker, occurrence);
        return assertSpecError(() -> parse(json), at[0], at[1], reasonPart);
    }

    private static SpecException assertJsonError(String json, String marker, String reasonPart) {
        return assertJsonError(json, marker, 1, reasonPart);
    }

    @Test
    void oneProbeObject() {
        String json = """
                {"name": "slow-price", "site": "timing", "class": "com.example.Checkout", "method": "price",
                 "params": ["long", "String"], "action": "hist",
                 "options": {"sample": 10, "rate": "100/s", "limit": 1000, "maxBytes": 512, "depth": 16,
                             "sleepable": false, "force": false, "maxClasses": 100, "errors": 100}}
                """;
        List<ProbeSpec> specs = parse(json);
        assertEquals(List.of(ProbeSpecParser.parseLine("timing com.example.Checkout#price(long, String) hist"
                + " name=slow-price sample=10 rate=100/s limit=1000 maxBytes=512 depth=16")), specs);
    }

    @Test
    void handlerProbe() {
        String json = """
                {"name": "slow-price", "site": "timing", "class": "com.example.Checkout", "method": "price",
                 "action": "handler", "handler": "com.acme.MyHandler", "jar": "/opt/h.jar",
                 "options": {"sleepable": true, "errors": 5}}
                """;
        ProbeSpec spec = parse(json).get(0);
        assertEquals(ActionKind.HANDLER, spec.action());
        assertEquals(Optional.of("com.acme.MyHandler"), spec.handlerClass());
        assertEquals(Optional.of("/opt/h.jar"), spec.handlerJar());
        assertTrue(spec.options().sleepable());
        assertEquals(5, spec.options().errorLimit());
    }

    @Test
    void theThreeShapes() {
        String probe = "{\"site\": \"entry\", \"class\": \"a.B\", \"method\": \"c\", \"action\": \"count\"}";
        String other = "{\"site\": \"exit\", \"class\": \"a.B\", \"method\": \"d\", \"action\": \"stack\"}";
        ProbeSpec first = ProbeSpecParser.parseLine("entry a.B#c count");
        ProbeSpec second = ProbeSpecParser.parseLine("exit a.B#d stack");
        assertEquals(List.of(first), parse(probe));
        assertEquals(List.of(first, second), parse("[" + probe + ",\n" + other + "]"));
        assertEquals(List.of(first, second), parse("{\"probes\": [" + probe + ", " + other + "]}"));
        assertEquals(List.of(), parse("[]"));
        assertEquals(List.of(), parse("{\"probes\": []}"));
    }

    @Test
    void paramsAbsentEmptyAndOpen() {
        String base = "\"site\": \"entry\", \"class\": \"a.B\", \"method\": \"c\", \"action\": \"count\"";
        assertEquals(Optional.empty(), parse("{" + base + "}").get(0).params());
        assertEquals(Optional.of(ParamPattern.of("()")), parse("{" + base + ", \"params\": []}").get(0).params());
        assertEquals(Optional.of(ParamPattern.of("(String[], ..)")),
                parse("{" + base + ", \"params\": [\"String[]\", \"..\"]}").get(0).params());
    }

    @Test
    void ratesAndWordsInAnyCase() {
        String base = "\"site\": \"ENTRY\", \"class\": \"a.B\", \"method\": \"c\", \"action\": \"Histogram\"";
        String timing = base.replace("ENTRY", "Timing");
        assertEquals(250, parse("{" + timing + ", \"options\": {\"rate\": 250}}").get(0).options().ratePerSecond());
        assertEquals(2, parse("{" + timing + ", \"options\": {\"rate\": \"61/min\"}}").get(0).options().ratePerSecond());
        assertEquals(ActionKind.HIST, parse("{" + timing + "}").get(0).action());
    }

    @Test
    void escapesInStrings() {
        String json = """
                {"site": "entry", "class": "com.example.Check\\u006Fut", "method": "pri\\u0063e",
                 "action": "handler", "handler": "com.acme.H", "jar": "C:\\\\opt\\\\h \\"1\\".jar", "name": "a\\u002Db"}
                """;
        ProbeSpec spec = parse(json).get(0);
        assertEquals("com.example.Checkout", spec.classes().text());
        assertEquals("price", spec.methods().text());
        assertEquals(Optional.of("C:\\opt\\h \"1\".jar"), spec.handlerJar());
        assertEquals("a-b", spec.name());
    }

    @Test
    void errorsInsideStringsPointAtTheCharacterEvenAfterEscapes() {
        String json = "{\"site\": \"entry\", \"class\": \"com.\\u002a\\u002a\\u002a.Foo\", \"method\": \"m\", \"action\": \"count\"}";
        assertJsonError(json, "\\u002a", "bad glob \"***\"");
        String afterEscape = "{\"site\": \"entry\", \"class\": \"c\\u006Fm..Foo\", \"method\": \"m\", \"action\": \"count\"}";
        assertJsonError(afterEscape, ".Foo", "empty package segment");
    }

    @Test
    void nestedErrorPositions() {
        String json = """
                {"probes": [
                  {"site": "entry", "class": "a.B", "method": "c", "action": "count"},
                  {"site": "timing", "class": "a.B", "method": "c", "action": "hist",
                   "options": {"sample": 10,
                               "maxBytes": 8}}
                ]}
                """;
        SpecException e = assertJsonError(json, "8}", "maxBytes must be between 16 and 1048576; got 8");
        assertEquals(5, e.line());
        assertEquals("probes.json", e.source());
        assertTrue(e.getMessage().startsWith("probes.json:5:28: maxBytes"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "JSON errors do not echo the line");
    }

    @Test
    void unknownKeys() {
        String json = """
                {"site": "entry", "clas": "a.B", "method": "c", "action": "count"}
                """;
        SpecException e = assertJsonError(json, "clas\"", "unknown key \"clas\"; did you mean \"class\"?");
        assertTrue(e.reason().contains("valid keys: name, site, class, method, params, action, options, handler, jar"));
        String options = """
                {"site": "entry", "class": "a.B", "method": "c", "action": "count",
                 "options": {"smaple": 2}}
                """;
        SpecException o = assertJsonError(options, "smaple", "unknown option \"smaple\"; did you mean \"sample\"?");
        assertTrue(o.reason().contains("valid options: sample, rate, limit, maxBytes, depth, sleepable, force,"
                + " maxClasses, errors"), o.reason());
        assertJsonError(options.replace("smaple", "name"), "name", "unknown option \"name\"");
        assertJsonError("{\"probes\": [], \"site\": \"entry\"}", "site", "the wrapper holds only \"probes\"");
    }

    @Test
    void wrongValueTypes() {
        String base = "\"class\": \"a.B\", \"method\": \"c\", \"action\": \"count\"";
        assertJsonError("{\"site\": 5, " + base + "}", "5", "\"site\" must be a string; got a number");
        assertJsonError("{\"site\": \"entry\", " + base + ", \"options\": {\"sample\": \"10\"}}", "\"10\"",
                "\"sample\" must be an integer; got a string");
        assertJsonError("{\"site\": \"entry\", " + base + ", \"options\": {\"sample\": 1.5}}", "1.5",
                "\"sample\" must be an integer; got 1.5");
        assertJsonError("{\"site\": \"entry\", " + base + ", \"options\": {\"limit\": 1e3}}", "1e3",
                "must be an integer");
        assertJsonError("{\"site\": \"entry\", " + base + ", \"options\": {\"force\": \"yes\"}}", "\"yes\"",
                "\"force\" must be true or false; got a string");
        assertJsonError("{\"site\": \"entry\", " + base + ", \"options\": {\"rate\": true}}", "true",
                "\"rate\" must be a string like \"100/s\" or a number per second; got a boolean");
        assertJsonError("{\"site\": \"entry\", " + base + ", \"options\": []}", "[]", "\"options\" must be an object");
        assertJsonError("{\"site\": \"entry\", " + base + ", \"params\": \"long\"}", "\"long\"",
                "\"params\" must be an array of type names; got a string");
        assertJsonError("{\"site\": \"entry\", " + base + ", \"params\": [\"long\", 1]}", "1]",
                "a parameter type must be a string; got a number");
        assertJsonError("{\"site\": \"entry\", " + base + ", \"params\": null}", "null", "got null");
        assertJsonError("{\"site\": \"entry\", " + base + ", \"options\": {\"limit\": 99999999999999999999}}", "9999",
                "limit must be at least 1; got 99999999999999999999");
        assertJsonError("\"entry\"", "\"entry\"", "expected a probe object, an array of probes or {\"probes\": [...]}");
        assertJsonError("[{\"site\": \"entry\", " + base + "}, 5]", "5]", "a probe must be an object; got a number");
        assertJsonError("{\"probes\": {}}", "{}", "\"probes\" must be an array");
    }

    @Test
    void missingRequiredKeys() {
        String json = """
                [
                  {"site": "entry", "class": "a.B", "method": "c", "action": "count"},
                  {"class": "a.B", "method": "c", "action": "count"}
                ]
                """;
        assertJsonError(json, "{\"class", "the probe has no \"site\"");
        assertJsonError("{\"site\": \"entry\", \"method\": \"c\", \"action\": \"count\"}", "{", "the probe has no \"class\"");
        assertJsonError("{\"site\": \"entry\", \"class\": \"a.B\", \"action\": \"count\"}", "{", "the probe has no \"method\"");
        assertJsonError("{\"site\": \"entry\", \"class\": \"a.B\", \"method\": \"c\"}", "{", "the probe has no \"action\"");
    }

    @Test
    void semanticErrorsPointIntoTheValues() {
        String base = "\"class\": \"a.B\", \"method\": \"c\"";
        SpecException site = assertJsonError("{\"site\": \"entyr\", " + base + ", \"action\": \"count\"}", "entyr",
                "unknown site \"entyr\"; did you mean \"entry\"?");
        assertTrue(site.reason().contains("valid sites: entry, return, throw, exit, timing"));
        assertJsonError("{\"site\": \"entry\", " + base + ", \"action\": \"cuont\"}", "cuont",
                "unknown action \"cuont\"; did you mean \"count\"?");
        assertJsonError("{\"site\": \"entry\", " + base + ", \"action\": \"hist\"}", "hist\"", "hist needs the timing site");
        assertJsonError("{\"site\": \"entry\", " + base + ", \"action\": \"count\", \"options\": {\"sleepable\": true}}",
                "true", "sleepable=true is only valid with a handler action");
        assertJsonError("{\"site\": \"entry\", " + base + ", \"action\": \"count\", \"jar\": \"/h.jar\"}", "/h.jar",
                "jar is only valid with a handler action");
        assertJsonError("{\"site\": \"entry\", " + base + ", \"action\": \"count\", \"handler\": \"x.H\"}", "x.H",
                "a handler class is only valid with the handler action");
        assertJsonError("{\"site\": \"entry\", " + base + ", \"action\": \"handler\"}", "handler\"",
                "the handler action needs a handler class");
        assertJsonError("{\"site\": \"entry\", " + base + ", \"action\": \"handler\", \"handler\": \"x.*\"}", "*",
                "a handler is one class");
        assertJsonError("{\"site\": \"entry\", \"class\": \"a.B\", \"method\": \"<init>\", \"action\": \"count\"}", "<init>",
                "constructors cannot be probed yet");
        assertJsonError("{\"site\": \"entry\", \"class\": \"a.***\", \"method\": \"m\", \"action\": \"count\"}", "***",
                "bad glob");
        assertJsonError("{\"site\": \"entry\", " + base + ", \"action\": \"count\", \"params\": [\"long\", \"Str ing\"]}",
                " ing", "unexpected space in parameter type");
        assertJsonError("{\"site\": \"entry\", " + base + ", \"action\": \"count\", \"params\": [\"..\", \"int\"]}",
                "..", "\"..\" must be the last parameter");
        assertJsonError("{\"site\": \"entry\", " + base + ", \"action\": \"count\", \"name\": \"a b\"}", " b",
                "a probe name may only contain");
        assertJsonError("{\"site\": \"entry\", " + base + ", \"action\": \"count\", \"name\": \"\"}", "\"}",
                "empty probe name");
        assertJsonError("{\"site\": \"entry\", " + base + ", \"action\": \"count\", \"options\": {\"rate\": \"5/h\"}}", "h\"",
                "unknown rate unit");
    }

    @Test
    void duplicateKeysAndNames() {
        String dupKey = """
                {"site": "entry", "class": "a.B", "method": "c",
                 "site": "exit", "action": "count"}
                """;
        assertJsonError(dupKey, "site", 2, "duplicate key \"site\" (first at 1:3)");
        String dupName = """
                [
                  {"name": "p", "site": "entry", "class": "a.B", "method": "c", "action": "count"},
                  {"name": "q", "site": "entry", "class": "a.B", "method": "d", "action": "count"},
                  {"name": "p", "site": "exit", "class": "a.B", "method": "c", "action": "count"}
                ]
                """;
        SpecException e = assertJsonError(dupName, "p\"", 2, "duplicate probe name \"p\"");
        assertTrue(e.reason().contains("(first at 2:13)"), e.reason());
        String generated = """
                [
                  {"site": "entry", "class": "a.B", "method": "c", "action": "count"},
                  {"site": "exit", "class": "x.B", "method": "c", "action": "count"}
                ]
                """;
        assertEquals(List.of("count-B.c", "count-B.c-2"), parse(generated).stream().map(ProbeSpec::name).toList());
    }
}
