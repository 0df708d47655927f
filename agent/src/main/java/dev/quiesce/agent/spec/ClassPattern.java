package dev.quiesce.agent.spec;

import java.util.Objects;

/**
 * Which classes a probe applies to: a glob over binary class names with {@code '.'} separators
 * ({@code com.example.Api$Inner}).
 *
 * <p>Design: {@code *} matches any run of characters within a package segment (it crosses {@code $} but
 * not {@code '.'}), {@code **} matches any run including {@code '.'}, everything else is literal. Three or
 * more stars, empty segments and characters that cannot be in a class name are refused when the pattern
 * is read, so a pattern that exists is well formed. Matching is linear in the name per pattern token
 * ({@link Glob}), never a backtracking regex.
 */
public final class ClassPattern {
    private final String text;
    private final Glob glob;

    private ClassPattern(String text) {
        this.text = text;
        this.glob = Glob.ofClass(text);
    }

    /**
     * Reads a class pattern.
     *
     * @throws SpecException at the offending character (source {@code "pattern"}, line 1)
     */
    public static ClassPattern of(String text) {
        Objects.requireNonNull(text, "text");
        return parse(text, Origin.ofLine("pattern", 1, text, 0));
    }

    static ClassPattern parse(String text, Origin at) {
        int n = text.length();
        if (n == 0) {
            throw at.error(0, "empty class pattern");
        }
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '*') {
                int run = 1;
                while (i + run < n && text.charAt(i + run) == '*') {
                    run++;
                }
                if (run > 2) {
                    throw at.error(i, "bad glob \"" + "*".repeat(run)
                            + "\": use * within a package segment or ** across segments");
                }
                i += run;
                continue;
            }
            if (c == '.') {
                if (i == 0) {
                    throw at.error(i, "a class pattern cannot start with '.'");
                }
                if (text.charAt(i - 1) == '.') {
                    throw at.error(i, "empty package segment (\"..\") in class pattern");
                }
                if (i == n - 1) {
                    throw at.error(i, "a class pattern cannot end with '.'");
                }
            } else if (c == '/') {
                throw at.error(i, "class patterns separate packages with '.', not '/'");
            } else if (!Words.isIdentifierPart(c)) {
                throw at.error(i, "unexpected " + Words.describe(c) + " in class pattern");
            }
            i++;
        }
        return new ClassPattern(text);
    }

    /** Whether a binary class name ({@code '.'} separators, {@code $} for nested classes) matches. */
    public boolean matches(String className) {
        return glob.matches(className);
    }

    /** True when the pattern has no wildcard and so names exactly one class. */
    public boolean isExact() {
        return glob.isExact();
    }

    /** The pattern as written. */
    public String text() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClassPattern that && text.equals(that.text);
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
