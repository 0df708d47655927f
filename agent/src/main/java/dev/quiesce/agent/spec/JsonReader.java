package dev.quiesce.agent.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small recursive-descent JSON reader (RFC 8259) that keeps the line and column of every value and
 * reports malformed input at the exact character. Duplicate keys are an error; nesting is bounded
 * ({@value #MAX_DEPTH} levels) so that hostile input cannot exhaust the stack. Lines end at {@code \n},
 * {@code \r\n} or {@code \r}; a leading byte order mark is skipped.
 */
final class JsonReader {
    static final int MAX_DEPTH = 64;

    private final String source;
    private final String text;
    private int pos;
    private int line = 1;
    /** Index of the first character of the current line. */
    private int lineStart;

    private JsonReader(String source, String text) {
        this.source = source;
        this.text = text;
    }

    static JsonValue read(String source, String text) {
        JsonReader reader = new JsonReader(source, text);
        if (text.startsWith("\uFEFF")) {
            reader.pos = 1;
            reader.lineStart = 1;
        }
        reader.skipWhitespace();
        JsonValue value = reader.value(0);
        reader.skipWhitespace();
        if (reader.pos < text.length()) {
            throw reader.error("unexpected " + reader.describeHere() + " after the JSON value");
        }
        return value;
    }

    private JsonValue value(int depth) {
        if (pos >= text.length()) {
            throw error("unexpected end of input; expected a value");
        }
        char c = text.charAt(pos);
        if (c == '{') {
            return object(depth + 1);
        }
        if (c == '[') {
            return array(depth + 1);
        }
        if (c == '"') {
            return string();
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
        }
        if (Character.isLetter(c)) {
            return literal();
        }
        if (c == '\'') {
            throw error("JSON strings use double quotes");
        }
        throw error("expected a value; got " + describeHere());
    }

    private JsonValue.Obj object(int depth) {
        int openLine = line;
        int openColumn = column();
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH + " levels");
        }
        pos++;
        skipWhitespace();
        List<JsonValue.Member> members = new ArrayList<>();
        Map<String, JsonValue.Str> keys = new HashMap<>();
        if (peek() == '}') {
            pos++;
            return new JsonValue.Obj(openLine, openColumn, members);
        }
        while (true) {
            if (pos >= text.length()) {
                throw error("unexpected end of input; the object opened at " + openLine + ":" + openColumn
                        + " is not closed");
            }
            if (peek() != '"') {
                throw error("expected a string key; got " + describeHere());
            }
            JsonValue.Str key = string();
            JsonValue.Str first = keys.putIfAbsent(key.value(), key);
            if (first != null) {
                throw new SpecException(source, key.line(), key.columns()[0] + 1, "duplicate key \"" + key.value()
                        + "\" (first at " + first.line() + ":" + (first.columns()[0] + 1) + ")");
            }
            skipWhitespace();
            if (peek() != ':') {
                throw error("expected ':' after the key; got " + describeHere());
            }
            pos++;
            skipWhitespace();
            members.add(new JsonValue.Member(key, value(depth)));
            if (closedAfterItem('}', "object", "a member", openLine, openColumn)) {
                return new JsonValue.Obj(openLine, openColumn, members);
            }
        }
    }

    private JsonValue.Arr array(int depth) {
        int openLine = line;
        int openColumn = column();
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH + " levels");
        }
        pos++;
        skipWhitespace();
        List<JsonValue> items = new ArrayList<>();
        if (peek() == ']') {
            pos++;
            return new JsonValue.Arr(openLine, openColumn, items);
        }
        while (true) {
            items.add(value(depth));
            if (closedAfterItem(']', "array", "an array element", openLine, openColumn)) {
                return new JsonValue.Arr(openLine, openColumn, items);
            }
        }
    }

    /**
     * After an object's member or an array's element: consumes the closing bracket and returns true, or
     * consumes the comma and returns false. A missing end, another character, or a comma right before the
     * closing bracket is an error.
     */
    private boolean closedAfterItem(char close, String container, String item, int openLine, int openColumn) {
        skipWhitespace();
        if (pos >= text.length()) {
            throw error("unexpected end of input; the " + container + " opened at " + openLine + ":" + openColumn
                    + " is not closed");
        }
        char c = text.charAt(pos);
        if (c == close) {
            pos++;
            return true;
        }
        if (c != ',') {
            throw error("expected ',' or '" + close + "' after " + item + "; got " + describeHere());
        }
        int commaLine = line;
        int commaColumn = column();
        pos++;
        skipWhitespace();
        if (peek() == close) {
            throw new SpecException(source, commaLine, commaColumn, "trailing comma before '" + close + "'");
        }
        return false;
    }

    private JsonValue.Str string() {
        int openLine = line;
        int openColumn = column();
        pos++;
        StringBuilder value = new StringBuilder();
        int[] columns = new int[16];
        int count = 0;
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string (opened at " + openLine + ":" + openColumn + ")");
            }
            char c = text.charAt(pos);
            if (count == columns.length) {
                columns = Arrays.copyOf(columns, count * 2);
            }
            columns[count++] = pos - lineStart;
            if (c == '"') {
                pos++;
                return new JsonValue.Str(openLine, openColumn, value.toString(), Arrays.copyOf(columns, count));
            }
            if (c == '\\') {
                value.append(escape());
            } else if (c == '\n' || c == '\r') {
                throw error("unterminated string: a string cannot span lines (opened at " + openLine + ":"
                        + openColumn + ")");
            } else if (c < 0x20) {
                throw error("control character " + Words.describe(c) + " in a string; write it as an escape");
            } else {
                value.append(c);
                pos++;
            }
        }
    }

    /** Reads the escape at {@code pos} (a backslash) and returns its character. */
    private char escape() {
        if (pos + 1 >= text.length()) {
            throw error("unterminated string: input ends after '\\'");
        }
        char e = text.charAt(pos + 1);
        char decoded;
        switch (e) {
            case '"', '\\', '/' -> decoded = e;
            case 'b' -> decoded = '\b';
            case 'f' -> decoded = '\f';
            case 'n' -> decoded = '\n';
            case 'r' -> decoded = '\r';
            case 't' -> decoded = '\t';
            case 'u' -> {
                int code = 0;
                for (int k = 0; k < 4; k++) {
                    int at = pos + 2 + k;
                    int digit = at < text.length() ? Character.digit(text.charAt(at), 16) : -1;
                    if (digit < 0) {
                        pos = at;
                        throw error("bad \\u escape: expected 4 hex digits");
                    }
                    code = code * 16 + digit;
                }
                pos += 6;
                return (char) code;
            }
            default -> throw error("bad escape \"\\" + e
                    + "\"; valid escapes: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX");
        }
        pos += 2;
        return decoded;
    }

    private JsonValue.Num number() {
        int startLine = line;
        int startColumn = column();
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (!isDigit(peek())) {
            throw error("expected a digit after '-'; got " + describeHere());
        }
        if (peek() == '0') {
            pos++;
            if (isDigit(peek())) {
                throw error("leading zeros are not allowed");
            }
        } else {
            while (isDigit(peek())) {
                pos++;
            }
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw error("expected a digit after '.'; got " + describeHere());
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("expected a digit in the exponent; got " + describeHere());
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        return new JsonValue.Num(startLine, startColumn, text.substring(start, pos));
    }

    private JsonValue literal() {
        int startColumn = column();
        int start = pos;
        while (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) {
            pos++;
        }
        String word = text.substring(start, pos);
        switch (word) {
            case "true":
                return new JsonValue.Bool(line, startColumn, true);
            case "false":
                return new JsonValue.Bool(line, startColumn, false);
            case "null":
                return new JsonValue.Null(line, startColumn);
            default:
                pos = start;
                throw error("unknown literal \"" + word + "\"; expected an object, array, string, number, true, false"
                        + " or null");
        }
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t') {
                pos++;
            } else if (c == '\n' || c == '\r') {
                pos++;
                if (c == '\r' && pos < text.length() && text.charAt(pos) == '\n') {
                    pos++;
                }
                line++;
                lineStart = pos;
            } else {
                return;
            }
        }
    }

    /** The character at {@code pos}, or 0 at the end. */
    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private int column() {
        return pos - lineStart + 1;
    }

    private String describeHere() {
        return pos < text.length() ? Words.describe(text.charAt(pos)) : "end of input";
    }

    private SpecException error(String reason) {
        return new SpecException(source, line, column(), reason);
    }
}
