package dev.quiesce.bench.suite;

/**
 * Puts the generated block into a Markdown document: between the {@link BenchSuite#BEGIN} and
 * {@link BenchSuite#END} markers when both are there, else at the end. Text outside the markers is kept as it is.
 */
final class DocBlock {
    private DocBlock() {
    }

    /** Fails, as {@link #replace} would, unless the generated block of the document at {@code doc} can be replaced. */
    static void check(java.nio.file.Path doc) throws java.io.IOException {
        replace(java.nio.file.Files.readString(doc), BenchSuite.BEGIN + "\n" + BenchSuite.END + "\n");
    }

    /** {@code doc} with its generated block replaced by {@code block} (which carries both markers). */
    static String replace(String doc, String block) {
        int begin = doc.indexOf(BenchSuite.BEGIN);
        int end = doc.indexOf(BenchSuite.END);
        if (begin < 0 && end < 0) {
            return doc + (doc.endsWith("\n") ? "\n" : "\n\n") + block;
        }
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("the document's generated block is damaged: its markers are "
                    + (begin < 0 ? "missing the beginning" : "out of order") + "; restore " + BenchSuite.BEGIN + " and "
                    + BenchSuite.END + " around it");
        }
        int after = end + BenchSuite.END.length();
        if (after < doc.length() && doc.charAt(after) == '\n') {
            after++;
        }
        return doc.substring(0, begin) + block + doc.substring(after);
    }
}
