package dev.quiesce.agent.spec;

/**
 * One element of a parameter list pattern: a primitive, a simple class name or a qualified one, with
 * array dimensions.
 *
 * @param name      the type name as written, without {@code []}
 * @param dims      array dimensions
 * @param primitive the descriptor letter of a primitive ({@code J} for {@code long}), or 0 for a class
 */
record ParamType(String name, int dims, char primitive) {
    private static final String[] PRIMITIVES = {
        "boolean", "Z", "byte", "B", "char", "C", "short", "S", "int", "I", "long", "J", "float", "F", "double", "D",
    };

    /** Reads one type, surrounding whitespace allowed. */
    static ParamType parse(String text, Origin at) {
        int lead = 0;
        while (lead < text.length() && Character.isWhitespace(text.charAt(lead))) {
            lead++;
        }
        int end = text.length();
        while (end > lead && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return parseTrimmed(text.substring(lead, end), at.at(lead));
    }

    private static ParamType parseTrimmed(String text, Origin at) {
        int n = text.length();
        if (n == 0) {
            throw at.error(0, "empty parameter type");
        }
        int i = 0;
        int segmentStart = 0;
        while (i < n && text.charAt(i) != '[') {
            char c = text.charAt(i);
            if (c == '.') {
                if (text.startsWith("...", i) && i > 0 && i + 3 == n) {
                    throw at.error(i, "write " + text.substring(0, i) + "[] for a varargs parameter");
                }
                if (i == 0) {
                    throw at.error(i, "a parameter type cannot start with '.'");
                }
                if (i == segmentStart) {
                    throw at.error(i, "empty package segment in parameter type");
                }
                segmentStart = i + 1;
            } else if (c == '*') {
                throw at.error(i, "wildcards are not allowed in parameter types; leave out the parameter list to"
                        + " match any overload, or end it with \"..\"");
            } else if (Character.isWhitespace(c)) {
                throw at.error(i, "unexpected space in parameter type");
            } else if (i == segmentStart ? !Words.isIdentifierStart(c) : !Words.isIdentifierPart(c)) {
                throw at.error(i, "unexpected " + Words.describe(c) + " in parameter type");
            }
            i++;
        }
        if (i == 0) {
            throw at.error(0, "missing type name before '[]'");
        }
        if (segmentStart == i) {
            throw at.error(i - 1, "a parameter type cannot end with '.'");
        }
        String name = text.substring(0, i);
        int dims = 0;
        while (i < n) {
            if (text.charAt(i) == '[' && i + 1 < n && text.charAt(i + 1) == ']') {
                dims++;
                i += 2;
            } else if (text.charAt(i) == '[') {
                throw at.error(i + 1, "expected ']' after '['");
            } else {
                throw at.error(i, "unexpected " + Words.describe(text.charAt(i)) + " after parameter type");
            }
        }
        if (name.equals("void")) {
            throw at.error(0, "void is not a parameter type");
        }
        return new ParamType(name, dims, primitiveCode(name));
    }

    private static char primitiveCode(String name) {
        for (int k = 0; k < PRIMITIVES.length; k += 2) {
            if (PRIMITIVES[k].equals(name)) {
                return PRIMITIVES[k + 1].charAt(0);
            }
        }
        return 0;
    }

    /** The canonical text: the name and one {@code []} per dimension. */
    String text() {
        return name + "[]".repeat(dims);
    }

    /**
     * Whether a descriptor parameter matches.
     *
     * @param dims     its array dimensions
     * @param kind     its element's descriptor letter ({@code L} for a class)
     * @param internal its element's internal name ({@code java/lang/String}) when kind is {@code L}
     */
    boolean matches(int dims, char kind, String internal) {
        if (this.dims != dims) {
            return false;
        }
        if (primitive != 0) {
            return kind == primitive;
        }
        if (kind != 'L') {
            return false;
        }
        if (name.indexOf('.') >= 0) {
            return sameIgnoringSeparators(name, internal);
        }
        int simpleStart = internal.lastIndexOf('/') + 1;
        int simpleLength = internal.length() - simpleStart;
        if (simpleLength == name.length()) {
            return internal.startsWith(name, simpleStart);
        }
        // an inner class by its own name: Entry matches java/util/Map$Entry
        return simpleLength > name.length() && internal.endsWith(name)
                && internal.charAt(internal.length() - name.length() - 1) == '$';
    }

    /** Equal once '.', '/' and '$' are all the same separator: java.util.Map.Entry is java/util/Map$Entry. */
    private static boolean sameIgnoringSeparators(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y && !(isSeparator(x) && isSeparator(y))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSeparator(char c) {
        return c == '.' || c == '/' || c == '$';
    }
}
