package dev.quiesce.bench.suite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the sections render: Markdown, verdicts against the targets, and pictures (SVG by file name). */
final class Report {
    private final StringBuilder markdown = new StringBuilder();
    private final List<Verdict> verdicts = new ArrayList<>();
    private final Map<String, String> pictures = new LinkedHashMap<>();
    /** How the Markdown names the pictures' directory, relative to the document. */
    private final String pictureDir;

    Report(String pictureDir) {
        this.pictureDir = pictureDir;
    }

    Report paragraph(String text) {
        markdown.append(text).append("\n\n");
        return this;
    }

    Report table(Table t) {
        markdown.append(t.markdown()).append('\n');
        return this;
    }

    /** Keeps the SVG under {@code file} and shows it in the Markdown. */
    Report picture(String file, String alt, String svg) {
        pictures.put(file, svg);
        markdown.append("![").append(alt).append("](").append(pictureDir).append('/').append(file).append(")\n\n");
        return this;
    }

    Report verdict(Verdict v) {
        verdicts.add(v);
        return this;
    }

    String markdown() {
        return markdown.toString();
    }

    List<Verdict> verdicts() {
        return verdicts;
    }

    Map<String, String> pictures() {
        return pictures;
    }
}
