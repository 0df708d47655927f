package dev.quiesce.agent.spec;

import java.util.List;
import java.util.Locale;

/**
 * Where in a method a probe fires.
 *
 * <p>Design: one lower-case word per site in the text form ({@link #word()}). {@link #EXIT} covers both ways
 * out of a method; {@link #TIMING} takes a timestamp at entry and carries it to both exits, which is what a
 * latency histogram needs.
 */
public enum SiteKind {
    /** Method entry, before the first instruction. */
    ENTRY,
    /** Normal return. */
    RETURN,
    /** Exceptional exit: an exception leaves the method. */
    THROW,
    /** Both normal return and exceptional exit. */
    EXIT,
    /** An entry timestamp carried to both exits. */
    TIMING;

    private static final List<String> WORDS = List.of("entry", "return", "throw", "exit", "timing");

    /** The word for this site in the text and JSON forms. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The site for a word, ignoring case, or null. */
    static SiteKind byWord(String word) {
        for (SiteKind site : values()) {
            if (site.word().equalsIgnoreCase(word)) {
                return site;
            }
        }
        return null;
    }

    static List<String> words() {
        return WORDS;
    }
}
