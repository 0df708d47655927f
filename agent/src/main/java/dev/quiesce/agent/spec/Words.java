package dev.quiesce.agent.spec;

import java.util.List;
import java.util.Locale;

/**
 * Small helpers for messages and names: identifier characters, how to show a character, and the
 * "did you mean" suggestion by edit distance.
 */
final class Words {
    private Words() {
    }

    /** A character that may appear in a Java identifier (format characters excluded). */
    static boolean isIdentifierPart(char c) {
        return Character.isJavaIdentifierPart(c) && !Character.isIdentifierIgnorable(c);
    }

    static boolean isIdentifierStart(char c) {
        return Character.isJavaIdentifierStart(c);
    }

    /** {@code 'c'} for printable ASCII, {@code U+XXXX} otherwise. */
    static String describe(char c) {
        if (c > ' ' && c < 0x7f) {
            return "'" + c + "'";
        }
        if (c == ' ') {
            return "space";
        }
        return String.format(Locale.ROOT, "U+%04X", (int) c);
    }

    /**
     * {@code unknown <what> "word"; did you mean "x"? valid <what>s: a, b, c}, the suggestion only when
     * one of the valid words is close.
     */
    static String unknown(String what, String word, List<String> valid) {
        StringBuilder message = new StringBuilder("unknown ").append(what).append(" \"").append(word).append('"');
        String nearest = nearest(word, valid);
        message.append(nearest == null ? "; " : "; did you mean \"" + nearest + "\"? ");
        message.append("valid ").append(what).append("s: ").append(String.join(", ", valid));
        return message.toString();
    }

    /**
     * The valid word nearest to {@code word} by edit distance (insertions, deletions, substitutions and
     * swaps of neighbours; case ignored), if it is close: at most 2 edits and at most half the word.
     */
    static String nearest(String word, List<String> valid) {
        String lower = word.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : valid) {
            String plain = candidate.toLowerCase(Locale.ROOT);
            int cut = plain.indexOf('=');
            if (cut >= 0) {
                plain = plain.substring(0, cut);
            }
            int distance = distance(lower, plain);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = cut >= 0 ? candidate.substring(0, cut) : candidate;
            }
        }
        return bestDistance <= 2 && bestDistance * 2 <= word.length() ? best : null;
    }

    /** Optimal string alignment distance: Levenshtein plus a swap of two neighbours as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    best = Math.min(best, d[i - 2][j - 2] + 1);
                }
                d[i][j] = best;
            }
        }
        return d[a.length()][b.length()];
    }
}
