package dev.quiesce.agent.spec;

import java.util.Arrays;

/**
 * Where a piece of spec input sits in its source: an error found at an index into the piece becomes a
 * {@link SpecException} at the line and column of that character.
 *
 * <p>A piece is either a run of a line (index i is at column start + i) or, when escapes or quotes make
 * the piece's characters differ from the source's, an explicit column per index whose last entry is the
 * column just past the piece. An origin with line 0 has no position (specs built in code).
 */
final class Origin {
    private final String source;
    private final int line;
    /** The source line to echo under the message, or null. */
    private final String excerpt;
    /** 0-based column of index 0, when {@code columns} is null. */
    private final int start;
    /** 0-based column of each index, the last entry just past the piece; or null. */
    private final int[] columns;

    private Origin(String source, int line, String excerpt, int start, int[] columns) {
        this.source = source;
        this.line = line;
        this.excerpt = excerpt;
        this.start = start;
        this.columns = columns;
    }

    /** No position: errors carry only the source. */
    static Origin none(String source) {
        return new Origin(source, 0, null, 0, null);
    }

    /** Index i at 0-based column {@code start + i} of a line; {@code excerpt} is echoed in errors if not null. */
    static Origin ofLine(String source, int line, String excerpt, int start) {
        return new Origin(source, line, excerpt, start, null);
    }

    /** Index i at 0-based column {@code columns[i]} (the last entry: just past the piece). */
    static Origin ofColumns(String source, int line, int[] columns) {
        return new Origin(source, line, null, 0, columns.clone());
    }

    /** The piece that begins at {@code offset} of this one. */
    Origin at(int offset) {
        if (columns == null) {
            return new Origin(source, line, excerpt, start + offset, null);
        }
        int from = Math.min(Math.max(offset, 0), columns.length - 1);
        return new Origin(source, line, excerpt, 0, Arrays.copyOfRange(columns, from, columns.length));
    }

    /** A piece whose index k is this piece's index {@code offsets[k]} (the last entry: just past it). */
    Origin mapped(int[] offsets) {
        int[] mapped = new int[offsets.length];
        for (int k = 0; k < offsets.length; k++) {
            mapped[k] = column(offsets[k]);
        }
        return new Origin(source, line, excerpt, 0, mapped);
    }

    SpecException error(int index, String reason) {
        if (line == 0) {
            return new SpecException(source, 0, 0, reason);
        }
        return new SpecException(source, line, column(index) + 1, reason, excerpt);
    }

    SpecException error(String reason) {
        return error(0, reason);
    }

    /** {@code line:column} of an index, for messages that refer to an earlier place. */
    String place(int index) {
        return line == 0 ? source : line + ":" + (column(index) + 1);
    }

    private int column(int index) {
        if (columns == null) {
            return start + index;
        }
        return columns[Math.min(Math.max(index, 0), columns.length - 1)];
    }
}
