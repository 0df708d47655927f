package dev.quiesce.agent.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which overloads a probe applies to: an exact list of parameter types, optionally open at the end.
 *
 * <p>Design: each type is a primitive ({@code long}), a simple class name ({@code String}, any package's
 * String; an inner class may be named by its own name, {@code Entry}, or with its outer, {@code Map$Entry})
 * or a qualified one ({@code java.lang.String}; {@code java.util.Map.Entry} and {@code java.util.Map$Entry}
 * both name the inner class), with {@code []} per array dimension. A final {@code ..} accepts any further
 * parameters. Wildcards inside type names are refused: the list is meant to pick overloads, not to search.
 * Matching walks a JVM method descriptor once, without allocating per parameter.
 */
public final class ParamPattern {
    private final List<ParamType> types;
    private final boolean openEnded;

    private ParamPattern(List<ParamType> types, boolean openEnded) {
        this.types = List.copyOf(types);
        this.openEnded = openEnded;
    }

    /**
     * Reads a parenthesised list: {@code ()}, {@code (long, String)}, {@code (String[], ..)}.
     *
     * @throws SpecException at the offending character (source {@code "params"}, line 1)
     */
    public static ParamPattern of(String text) {
        Objects.requireNonNull(text, "text");
        Origin at = Origin.ofLine("params", 1, text, 0);
        if (!text.startsWith("(")) {
            throw at.error(0, "a parameter list starts with '('");
        }
        int close = text.indexOf(')');
        if (close < 0) {
            throw at.error(0, "unbalanced parentheses: '(' is never closed");
        }
        if (close != text.length() - 1) {
            throw at.error(close + 1, "unexpected text after the parameter list");
        }
        return parseInner(text.substring(1, close), at.at(1));
    }

    /** Reads the text between the parentheses. */
    static ParamPattern parseInner(String inner, Origin at) {
        if (inner.isBlank()) {
            return new ParamPattern(List.of(), false);
        }
        List<String> texts = new ArrayList<>();
        List<Origin> origins = new ArrayList<>();
        int from = 0;
        while (true) {
            int comma = inner.indexOf(',', from);
            int end = comma < 0 ? inner.length() : comma;
            texts.add(inner.substring(from, end));
            origins.add(at.at(from));
            if (comma < 0) {
                break;
            }
            from = comma + 1;
        }
        return ofElements(texts, origins);
    }

    /** Builds a pattern from one text per type, each with its origin; a last {@code ..} opens the end. */
    static ParamPattern ofElements(List<String> texts, List<Origin> origins) {
        List<ParamType> types = new ArrayList<>();
        boolean openEnded = false;
        for (int k = 0; k < texts.size(); k++) {
            String text = texts.get(k);
            if (text.strip().equals("..")) {
                if (k != texts.size() - 1) {
                    throw origins.get(k).error(text.indexOf('.'), "\"..\" must be the last parameter");
                }
                openEnded = true;
            } else {
                types.add(ParamType.parse(text, origins.get(k)));
            }
        }
        return new ParamPattern(types, openEnded);
    }

    /**
     * Whether a method's parameters match.
     *
     * @param methodDescriptor a JVM method descriptor, e.g. {@code (JLjava/lang/String;[I)V}
     * @throws IllegalArgumentException if it is not a method descriptor
     */
    public boolean matches(String methodDescriptor) {
        String d = methodDescriptor;
        if (d.isEmpty() || d.charAt(0) != '(') {
            throw notADescriptor(d);
        }
        boolean match = true;
        int count = 0;
        int i = 1;
        while (true) {
            if (i >= d.length()) {
                throw notADescriptor(d);
            }
            char c = d.charAt(i);
            if (c == ')') {
                break;
            }
            int dims = 0;
            while (c == '[') {
                dims++;
                if (++i >= d.length()) {
                    throw notADescriptor(d);
                }
                c = d.charAt(i);
            }
            String internal = null;
            if (c == 'L') {
                int semicolon = d.indexOf(';', i);
                if (semicolon < 0 || semicolon == i + 1) {
                    throw notADescriptor(d);
                }
                internal = d.substring(i + 1, semicolon);
                i = semicolon + 1;
            } else if ("ZBCSIJFD".indexOf(c) >= 0) {
                i++;
            } else {
                throw notADescriptor(d);
            }
            if (count < types.size()) {
                match &= types.get(count).matches(dims, c, internal);
            }
            count++;
        }
        if (i + 1 >= d.length()) {
            throw notADescriptor(d);
        }
        return match && (openEnded ? count >= types.size() : count == types.size());
    }

    private static IllegalArgumentException notADescriptor(String descriptor) {
        return new IllegalArgumentException("not a method descriptor: " + descriptor);
    }

    /** The canonical type names, without a trailing {@code ..}. */
    public List<String> types() {
        List<String> texts = new ArrayList<>(types.size());
        for (ParamType type : types) {
            texts.add(type.text());
        }
        return List.copyOf(texts);
    }

    /** True when the list ends with {@code ..} and so accepts any further parameters. */
    public boolean isOpenEnded() {
        return openEnded;
    }

    /** The canonical text: {@code (long, String)}, {@code ()}, {@code (String, ..)}. */
    public String text() {
        List<String> parts = new ArrayList<>(types());
        if (openEnded) {
            parts.add("..");
        }
        return "(" + String.join(", ", parts) + ")";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ParamPattern that && openEnded == that.openEnded && types.equals(that.types);
    }

    @Override
    public int hashCode() {
        return types.hashCode() * 31 + Boolean.hashCode(openEnded);
    }

    @Override
    public String toString() {
        return text();
    }
}
