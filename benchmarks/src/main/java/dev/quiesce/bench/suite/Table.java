package dev.quiesce.bench.suite;

import java.util.ArrayList;
import java.util.List;

/** A Markdown table; a column name ending in {@code >} is right-aligned (the marker is not printed). */
final class Table {
    private final List<String> columns = new ArrayList<>();
    private final List<Boolean> right = new ArrayList<>();
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... columns) {
        for (String c : columns) {
            boolean r = c.endsWith(">");
            this.columns.add(r ? c.substring(0, c.length() - 1) : c);
            right.add(r);
        }
    }

    Table row(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException(cells.length + " cell(s) for " + columns.size() + " column(s)");
        }
        List<String> r = new ArrayList<>();
        for (Object c : cells) {
            r.add(String.valueOf(c).replace("|", "\\|").replace("\n", " "));
        }
        rows.add(r);
        return this;
    }

    String markdown() {
        StringBuilder sb = new StringBuilder("| ").append(String.join(" | ", columns)).append(" |\n|");
        for (boolean r : right) {
            sb.append(r ? " ---: |" : " --- |");
        }
        sb.append('\n');
        for (List<String> r : rows) {
            sb.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        return sb.toString();
    }
}
