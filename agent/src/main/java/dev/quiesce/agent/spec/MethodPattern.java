package dev.quiesce.agent.spec;

import java.util.Objects;

/**
 * Which methods of the matched classes a probe applies to: a glob over method names.
 *
 * <p>Design: {@code *} matches any run of characters (method names have no {@code '.'}, so there is no
 * second kind of star, and {@code **} is refused). Constructors ({@code <init>}) and static initializers
 * ({@code <clinit>}) cannot be probed yet: they are refused when written, and {@code *} never matches them.
 */
public final class MethodPattern {
    private final String text;
    private final Glob glob;

    private MethodPattern(String text) {
        this.text = text;
        this.glob = Glob.ofMethod(text);
    }

    /**
     * Reads a method pattern.
     *
     * @throws SpecException at the offending character (source {@code "pattern"}, line 1)
     */
    public static MethodPattern of(String text) {
        Objects.requireNonNull(text, "text");
        return parse(text, Origin.ofLine("pattern", 1, text, 0));
    }

    static MethodPattern parse(String text, Origin at) {
        int n = text.length();
        if (n == 0) {
            throw at.error(0, "empty method pattern");
        }
        if (text.startsWith("<init")) {
            throw at.error(0, "constructors cannot be probed yet");
        }
        if (text.startsWith("<clinit")) {
            throw at.error(0, "static initializers (<clinit>) cannot be probed yet");
        }
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '*') {
                if (i + 1 < n && text.charAt(i + 1) == '*') {
                    throw at.error(i, "bad glob \"**\": in a method pattern * already matches any run of characters");
                }
            } else if (!Words.isIdentifierPart(c)) {
                throw at.error(i, "unexpected " + Words.describe(c) + " in method pattern");
            }
        }
        return new MethodPattern(text);
    }

    /** Whether a method name matches; never true for {@code <init>} or {@code <clinit>}. */
    public boolean matches(String methodName) {
        if (!methodName.isEmpty() && methodName.charAt(0) == '<') {
            return false;
        }
        return glob.matches(methodName);
    }

    /** True when the pattern has no wildcard and so names exactly one method name. */
    public boolean isExact() {
        return glob.isExact();
    }

    /** The pattern as written. */
    public String text() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MethodPattern that && text.equals(that.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
