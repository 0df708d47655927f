package dev.quiesce.agent.spec;

import java.util.List;
import java.util.Locale;

/**
 * What a probe does when it fires.
 *
 * <p>Design: the built-in actions never block and need no code from the operator; {@link #HANDLER} runs a
 * class the operator supplies, and is the only action that may be sleepable. {@link #HIST} needs the
 * {@link SiteKind#TIMING} site, whose entry timestamp it turns into a latency.
 */
public enum ActionKind {
    /** Count hits. */
    COUNT,
    /** A log2 histogram of entry-to-exit latency; only with {@link SiteKind#TIMING}. */
    HIST,
    /** Capture arguments, the return value or the exception, bounded by {@link ProbeOptions#maxBytes()}. */
    CAPTURE,
    /** Folded stack samples, {@link ProbeOptions#stackDepth()} frames deep. */
    STACK,
    /** A custom handler class, from an operator jar or the agent's loader. */
    HANDLER;

    /** The words the text form accepts in the action position, for messages. */
    private static final List<String> TEXT_WORDS = List.of("count", "hist", "capture", "stack", "handler=<class>");
    private static final List<String> WORDS = List.of("count", "hist", "capture", "stack", "handler");

    /** The word for this action in the text and JSON forms ({@code hist}, not its alias {@code histogram}). */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The action for a word, ignoring case and accepting {@code histogram} for {@link #HIST}, or null. */
    static ActionKind byWord(String word) {
        if ("histogram".equalsIgnoreCase(word)) {
            return HIST;
        }
        for (ActionKind action : values()) {
            if (action.word().equalsIgnoreCase(word)) {
                return action;
            }
        }
        return null;
    }

    static List<String> textWords() {
        return TEXT_WORDS;
    }

    static List<String> words() {
        return WORDS;
    }
}
