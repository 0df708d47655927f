package dev.quiesce.agent.spec;

import static dev.quiesce.agent.spec.SpecAssertions.assertSpecError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonReaderTest {

    private static JsonValue read(String json) {
        return JsonReader.read("t.json", json);
    }

    private static void assertJsonError(String json, int line, int column, String reasonPart) {
        assertSpecError(() -> read(json), line, column, reasonPart);
    }

    @Test
    void valuesAndPositions() {
        JsonValue.Obj obj = assertInstanceOf(JsonValue.Obj.class,
                read("{\n  \"a\": [1, -2.5e3, true, false, null],\n  \"b\": {\"c\": \"d\"}\n}"));
        assertEquals(1, obj.line());
        assertEquals(1, obj.column());
        JsonValue.Arr a = assertInstanceOf(JsonValue.Arr.class, obj.get("a").value());
        assertEquals(2, a.line());
        assertEquals(8, a.column());
        assertEquals("-2.5e3", assertInstanceOf(JsonValue.Num.class, a.items().get(1)).text());
        assertEquals(12, a.items().get(1).column());
        assertEquals(true, assertInstanceOf(JsonValue.Bool.class, a.items().get(2)).value());
        assertInstanceOf(JsonValue.Null.class, a.items().get(4));
        JsonValue.Str d = assertInstanceOf(JsonValue.Str.class,
                assertInstanceOf(JsonValue.Obj.class, obj.get("b").value()).get("c").value());
        assertEquals("d", d.value());
        assertEquals(3, d.line());
        assertEquals(14, d.column());
    }

    @Test
    void escapes() {
        JsonValue.Str s = assertInstanceOf(JsonValue.Str.class,
                read("\"q\\\"b\\\\s\\/n\\nt\\tu\\u0041\\u00e9\\b\\f\\r\""));
        assertEquals("q\"b\\s/n\nt\tuA\u00e9\b\f\r", s.value());
        // one column per decoded character: the escape's backslash, then the closing quote
        assertEquals(s.value().length() + 1, s.columns().length);
        assertEquals(1, s.columns()[0]);
        assertEquals(2, s.columns()[1]);
        assertEquals(4, s.columns()[2]);
    }

    @Test
    void lineEndingsAndByteOrderMark() {
        JsonValue v = assertInstanceOf(JsonValue.Arr.class, read("\uFEFF[\r\n\r\n  7]")).items().get(0);
        assertEquals(3, v.line());
        assertEquals(3, v.column());
        assertJsonError("[\r\n\r  x]", 3, 3, "unknown literal \"x\"");
        assertJsonError("\uFEFF x", 1, 2, "unknown literal");
    }

    @Test
    void malformedInputIsReportedAtTheExactCharacter() {
        assertJsonError("", 1, 1, "unexpected end of input; expected a value");
        assertJsonError("   \n  ", 2, 3, "unexpected end of input");
        assertJsonError("{\"site\": \"entry\",}", 1, 17, "trailing comma before '}'");
        assertJsonError("[1, 2,\n]", 1, 6, "trailing comma before ']'");
        assertJsonError("{\"site\" \"entry\"}", 1, 9, "expected ':' after the key");
        assertJsonError("{\"a\": 1 \"b\": 2}", 1, 9, "expected ',' or '}' after a member");
        assertJsonError("[1 2]", 1, 4, "expected ',' or ']'");
        assertJsonError("{1: 2}", 1, 2, "expected a string key");
        assertJsonError("{'site': 1}", 1, 2, "expected a string key");
        assertJsonError("['x']", 1, 2, "JSON strings use double quotes");
        assertJsonError("{\"a\": 1", 1, 8, "the object opened at 1:1 is not closed");
        assertJsonError("[[1]", 1, 5, "the array opened at 1:1 is not closed");
        assertJsonError("{} x", 1, 4, "unexpected 'x' after the JSON value");
        assertJsonError("[tru]", 1, 2, "unknown literal \"tru\"");
        assertJsonError("[NaN]", 1, 2, "unknown literal \"NaN\"");
        assertJsonError("[+1]", 1, 2, "expected a value; got '+'");
    }

    @Test
    void malformedStrings() {
        assertJsonError("{\"site\": \"entry", 1, 16, "unterminated string (opened at 1:10)");
        assertJsonError("{\"site\": \"en\ntry\"}", 1, 13, "a string cannot span lines");
        assertJsonError("[\"a\\xb\"]", 1, 4, "bad escape \"\\x\"");
        assertJsonError("[\"\\u12G4\"]", 1, 7, "bad \\u escape");
        assertJsonError("[\"\\u12\"]", 1, 7, "bad \\u escape");
        assertJsonError("[\"a\tb\"]", 1, 4, "control character U+0009 in a string");
        assertJsonError("[\"a\\", 1, 4, "input ends after '\\'");
    }

    @Test
    void malformedNumbers() {
        assertJsonError("[01]", 1, 3, "leading zeros are not allowed");
        assertJsonError("[-]", 1, 3, "expected a digit after '-'");
        assertJsonError("[1.]", 1, 4, "expected a digit after '.'");
        assertJsonError("[1e+]", 1, 5, "expected a digit in the exponent");
        assertJsonError("[-01]", 1, 4, "leading zeros");
        assertEquals("-0", assertInstanceOf(JsonValue.Num.class,
                assertInstanceOf(JsonValue.Arr.class, read("[-0]")).items().get(0)).text());
    }

    @Test
    void duplicateKeys() {
        SpecException e = assertSpecError(() -> read("{\"a\": 1,\n \"b\": 2,\n \"a\": 3}"), 3, 3, "duplicate key \"a\"");
        assertEquals("duplicate key \"a\" (first at 1:3)", e.reason());
        // the same key in different objects is fine
        read("[{\"a\": 1}, {\"a\": 2}]");
    }

    @Test
    void nestingIsBounded() {
        String ok = "[".repeat(JsonReader.MAX_DEPTH) + "]".repeat(JsonReader.MAX_DEPTH);
        assertInstanceOf(JsonValue.Arr.class, read(ok));
        String deep = "[".repeat(10_000);
        assertJsonError(deep, 1, JsonReader.MAX_DEPTH + 1, "nesting deeper than 64 levels");
        assertJsonError("{\"a\":".repeat(100), 1, 5 * JsonReader.MAX_DEPTH + 1, "nesting deeper");
    }

    @Test
    void emptyContainers() {
        assertEquals(List.of(), assertInstanceOf(JsonValue.Arr.class, read(" [ ] ")).items());
        assertEquals(List.of(), assertInstanceOf(JsonValue.Obj.class, read("{\n}")).members());
    }
}
