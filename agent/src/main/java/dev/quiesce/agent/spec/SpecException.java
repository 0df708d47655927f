package dev.quiesce.agent.spec;

import java.util.Objects;

/**
 * A probe spec that cannot be read or is not valid, and the place where it goes wrong.
 *
 * <p>Design: like a compiler diagnostic. The message is {@code source:line:column: reason}, where line and
 * column are 1-based and point at the offending token (columns count UTF-16 characters, a tab counts one).
 * Errors in the one-line text form add two lines: the input line, and a caret {@code ^} under the column.
 * A spec built in code has no text to point into: line and column are then 0 and the message is
 * {@code source: reason}.
 */
public final class SpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;
    private final String reason;

    /**
     * @param source where the spec came from, e.g. {@code "spec"} or a file name
     * @param line   1-based line, or 0 when there is no position
     * @param column 1-based column, or 0 when there is no position
     * @param reason what is wrong, without the position
     */
    public SpecException(String source, int line, int column, String reason) {
        this(source, line, column, reason, null);
    }

    /** As above, echoing {@code excerpt} (the offending input line) with a caret under the column. */
    SpecException(String source, int line, int column, String reason, String excerpt) {
        super(format(source, line, column, reason, excerpt));
        this.source = source;
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    private static String format(String source, int line, int column, String reason, String excerpt) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reason, "reason");
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("line and column must not be negative: " + line + ":" + column);
        }
        StringBuilder message = new StringBuilder(source);
        if (line > 0) {
            message.append(':').append(line).append(':').append(column);
        }
        message.append(": ").append(reason);
        if (excerpt != null && line > 0) {
            message.append('\n').append(excerpt).append('\n');
            for (int i = 0; i < column - 1; i++) {
                // keep tabs so that the caret lines up however the terminal expands them
                message.append(i < excerpt.length() && excerpt.charAt(i) == '\t' ? '\t' : ' ');
            }
            message.append('^');
        }
        return message.toString();
    }

    /** Where the spec came from, e.g. {@code "spec"} or a file name. */
    public String source() {
        return source;
    }

    /** 1-based line of the offending token; 0 when there is no position. */
    public int line() {
        return line;
    }

    /** 1-based column of the offending token; 0 when there is no position. */
    public int column() {
        return column;
    }

    /** What is wrong, without the position. */
    public String reason() {
        return reason;
    }
}
