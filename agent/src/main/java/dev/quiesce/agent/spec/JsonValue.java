package dev.quiesce.agent.spec;

import java.util.List;

/**
 * A JSON value as {@link JsonReader} reads it: the value and the 1-based line and column of its first
 * character, so that a spec error can point at it. Strings also keep the column of each character.
 */
sealed interface JsonValue {
    int line();

    int column();

    /** "a string", "an object", ... for type errors. */
    String kind();

    /** An object; keys are unique, members in the order written. */
    record Obj(int line, int column, List<Member> members) implements JsonValue {
        public String kind() {
            return "an object";
        }

        /** The member with this key, or null. */
        Member get(String key) {
            for (Member member : members) {
                if (member.key().value().equals(key)) {
                    return member;
                }
            }
            return null;
        }
    }

    record Member(Str key, JsonValue value) {
    }

    record Arr(int line, int column, List<JsonValue> items) implements JsonValue {
        public String kind() {
            return "an array";
        }
    }

    /**
     * A string; {@code columns[i]} is the 0-based column of the source character that gave
     * {@code value.charAt(i)} (the backslash of an escape), the last entry the closing quote's.
     */
    record Str(int line, int column, String value, int[] columns) implements JsonValue {
        public String kind() {
            return "a string";
        }
    }

    /** A number, as written. */
    record Num(int line, int column, String text) implements JsonValue {
        public String kind() {
            return "a number";
        }
    }

    record Bool(int line, int column, boolean value) implements JsonValue {
        public String kind() {
            return "a boolean";
        }
    }

    record Null(int line, int column) implements JsonValue {
        public String kind() {
            return "null";
        }
    }
}
