package dev.quiesce.agent.spec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads probe specs: the one-line text form people type, and the JSON form tools write.
 *
 * <p>Design: both forms fill the same {@link SpecDraft}, so they share every rule and message; every error
 * is a {@link SpecException} at the offending token. Within one file (several lines, or one JSON
 * document) probe names are unique: a name given twice is an error, while a default name that is already
 * taken gets a suffix ({@code count-Checkout.price-2}).
 */
public final class ProbeSpecParser {
    private ProbeSpecParser() {
    }

    /**
     * Reads one probe in the text form; errors name the source {@code "spec"}, line 1, and echo the line.
     *
     * @throws SpecException at the offending token
     */
    public static ProbeSpec parseLine(String line) {
        Objects.requireNonNull(line, "line");
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '\n' || line.charAt(i) == '\r') {
                throw Origin.ofLine("spec", 1, line.substring(0, i), 0)
                        .error(i, "a spec is one line; parseLines reads several");
            }
        }
        return TextSpecReader.read("spec", 1, line).spec();
    }

    /**
     * Reads one probe per line; blank lines and lines whose first non-blank character is {@code #} are
     * skipped. Lines end at {@code \n}, {@code \r\n} or {@code \r}.
     *
     * @param source names the text in errors, e.g. a file name
     * @throws SpecException at the offending token, with its line number, echoing the line
     */
    public static List<ProbeSpec> parseLines(String source, String text) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(text, "text");
        List<ParsedSpec> parsed = new ArrayList<>();
        int lineNumber = 0;
        int start = 0;
        while (start <= text.length()) {
            int end = start;
            while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
                end++;
            }
            String line = text.substring(start, end);
            lineNumber++;
            String content = line.strip();
            if (!content.isEmpty() && !content.startsWith("#")) {
                parsed.add(TextSpecReader.read(source, lineNumber, line));
            }
            if (end < text.length() && text.charAt(end) == '\r' && end + 1 < text.length()
                    && text.charAt(end + 1) == '\n') {
                end++;
            }
            start = end + 1;
        }
        return withUniqueNames(parsed);
    }

    /**
     * Reads the JSON form: one probe object, an array of them, or {@code {"probes": [...]}}.
     *
     * @param source names the text in errors, e.g. a file name
     * @throws SpecException at the offending character or value
     */
    public static List<ProbeSpec> parseJson(String source, String json) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(json, "json");
        return withUniqueNames(JsonSpecReader.read(source, json));
    }

    /** Given names must be unique; a default name already taken gets the first free {@code -2}, {@code -3}, ... */
    private static List<ProbeSpec> withUniqueNames(List<ParsedSpec> parsed) {
        Map<String, ParsedSpec> given = new HashMap<>();
        for (ParsedSpec p : parsed) {
            if (p.nameAt() != null) {
                ParsedSpec first = given.putIfAbsent(p.spec().name(), p);
                if (first != null) {
                    throw p.nameAt().error("duplicate probe name \"" + p.spec().name() + "\" (first at "
                            + first.nameAt().place(0) + ")");
                }
            }
        }
        Set<String> used = new HashSet<>(given.keySet());
        List<ProbeSpec> specs = new ArrayList<>(parsed.size());
        for (ParsedSpec p : parsed) {
            ProbeSpec spec = p.spec();
            if (p.nameAt() == null && !used.add(spec.name())) {
                spec = spec.withName(freeName(spec.name(), used));
            }
            specs.add(spec);
        }
        return List.copyOf(specs);
    }

    private static String freeName(String name, Set<String> used) {
        for (int k = 2; ; k++) {
            String suffix = "-" + k;
            int keep = Math.min(name.length(), Rules.MAX_NAME_LENGTH - suffix.length());
            String candidate = name.substring(0, keep) + suffix;
            if (used.add(candidate)) {
                return candidate;
            }
        }
    }
}
