package dev.quiesce.agent.spec;

/**
 * The numbers of the text form: integers with {@code _} between digits and a {@code k} (thousand) or
 * {@code m} (million) suffix, and rates {@code N/s}, {@code N/sec} or {@code N/min} normalised to per
 * second, rounding up. Errors point at the offending character.
 */
final class Numbers {
    private static final String NUMBER_SHAPE = "a number like 100, 10_000 or 10k";

    private Numbers() {
    }

    /** {@code [-]digits[_digits...][k|m]}; range checks are the caller's. */
    static long parseCount(String text, Origin at) {
        int n = text.length();
        int i = 0;
        boolean negative = n > 0 && text.charAt(0) == '-';
        if (negative) {
            i = 1;
        }
        long value = 0;
        boolean overflow = false;
        int digitsFrom = i;
        while (i < n) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (value > (Long.MAX_VALUE - (c - '0')) / 10) {
                    overflow = true;
                } else {
                    value = value * 10 + (c - '0');
                }
                i++;
            } else if (c == '_' && i > digitsFrom && isDigit(text, i - 1) && isDigit(text, i + 1)) {
                i++;
            } else {
                break;
            }
        }
        if (i == digitsFrom) {
            throw at.error(i, "expected " + NUMBER_SHAPE + (i < n ? "; got " + Words.describe(text.charAt(i)) : ""));
        }
        long multiplier = 1;
        if (i < n && (text.charAt(i) == 'k' || text.charAt(i) == 'K')) {
            multiplier = 1_000;
            i++;
        } else if (i < n && (text.charAt(i) == 'm' || text.charAt(i) == 'M')) {
            multiplier = 1_000_000;
            i++;
        }
        if (i < n) {
            throw at.error(i, "unexpected " + Words.describe(text.charAt(i)) + " in number; expected " + NUMBER_SHAPE);
        }
        if (overflow || value > Long.MAX_VALUE / multiplier) {
            throw at.error(0, "number too large: " + text);
        }
        return negative ? -value * multiplier : value * multiplier;
    }

    /** {@code N/s}, {@code N/sec} or {@code N/min}, N at least 1; the result is per second, at least 1. */
    static long parseRate(String text, Origin at) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            parseCount(text, at);
            throw at.error(text.length(), "rate needs a unit: N/s, N/sec or N/min");
        }
        long count = parseCount(text.substring(0, slash), at);
        OptionKey.RATE.checkRange("rate", count, at);
        String unit = text.substring(slash + 1);
        if (unit.equalsIgnoreCase("s") || unit.equalsIgnoreCase("sec")) {
            return count;
        }
        if (unit.equalsIgnoreCase("min")) {
            return count / 60 + (count % 60 == 0 ? 0 : 1);
        }
        throw at.error(slash + 1, "unknown rate unit \"" + unit + "\"; expected s, sec or min");
    }

    private static boolean isDigit(String text, int i) {
        return i >= 0 && i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9';
    }
}
