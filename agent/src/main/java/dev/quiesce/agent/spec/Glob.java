package dev.quiesce.agent.spec;

import java.util.Arrays;

/**
 * A compiled glob of literal characters and two kinds of star, matched without backtracking.
 *
 * <p>The match is a dynamic program over the name: after each pattern token, the set of name positions the
 * pattern so far can end at. A literal advances the set by one character, a star closes it forward (a
 * segment star stops at {@code '.'}). Time is O(tokens x name length) whatever the pattern, so a
 * pathological {@code *a*a*a*a*b} costs no more than any other pattern of its length.
 */
final class Glob {
    /** Matches any run of characters except {@code '.'}. */
    private static final int SEGMENT_STAR = -1;
    /** Matches any run of characters. */
    private static final int ANY_STAR = -2;

    private final String text;
    private final int[] tokens;
    private final boolean exact;

    private Glob(String text, int[] tokens, boolean exact) {
        this.text = text;
        this.tokens = tokens;
        this.exact = exact;
    }

    /** A class glob: {@code *} stops at {@code '.'}, {@code **} does not. The text is already validated. */
    static Glob ofClass(String text) {
        int[] tokens = new int[text.length()];
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
                tokens[n++] = ANY_STAR;
                i++;
            } else {
                tokens[n++] = c == '*' ? SEGMENT_STAR : c;
            }
        }
        return new Glob(text, Arrays.copyOf(tokens, n), text.indexOf('*') < 0);
    }

    /** A method glob: {@code *} matches any run. The text is already validated. */
    static Glob ofMethod(String text) {
        int[] tokens = new int[text.length()];
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            tokens[i] = c == '*' ? ANY_STAR : c;
        }
        return new Glob(text, tokens, text.indexOf('*') < 0);
    }

    boolean isExact() {
        return exact;
    }

    boolean matches(String name) {
        if (exact) {
            return text.equals(name);
        }
        int n = name.length();
        boolean[] ends = new boolean[n + 1];
        boolean[] next = new boolean[n + 1];
        ends[0] = true;
        for (int token : tokens) {
            boolean any = false;
            if (token == ANY_STAR || token == SEGMENT_STAR) {
                boolean segment = token == SEGMENT_STAR;
                next[0] = ends[0];
                any = next[0];
                for (int j = 1; j <= n; j++) {
                    next[j] = ends[j] || (next[j - 1] && !(segment && name.charAt(j - 1) == '.'));
                    any |= next[j];
                }
            } else {
                next[0] = false;
                for (int j = 1; j <= n; j++) {
                    next[j] = ends[j - 1] && name.charAt(j - 1) == token;
                    any |= next[j];
                }
            }
            if (!any) {
                return false;
            }
            boolean[] swap = ends;
            ends = next;
            next = swap;
        }
        return ends[n];
    }
}
