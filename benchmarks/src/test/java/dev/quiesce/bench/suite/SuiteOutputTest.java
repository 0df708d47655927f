package dev.quiesce.bench.suite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The suite's outputs: the generated block in the document, the JSON, tables, numbers and verdicts. */
@SuppressWarnings("unchecked")
class SuiteOutputTest {
    private static final String BLOCK = BenchSuite.BEGIN + "\nnew\n" + BenchSuite.END + "\n";

    @Test
    void replacesOnlyTheGeneratedBlock() {
        String doc = "# T\n\nbefore\n\n" + BenchSuite.BEGIN + "\nold\nlines\n" + BenchSuite.END + "\n\nafter\n";
        assertEquals("# T\n\nbefore\n\n" + BLOCK + "\nafter\n", DocBlock.replace(doc, BLOCK));
        // twice gives the same document
        assertEquals(DocBlock.replace(doc, BLOCK), DocBlock.replace(DocBlock.replace(doc, BLOCK), BLOCK));
    }

    @Test
    void appendsTheBlockWhenTheDocumentHasNone() {
        assertEquals("# T\n\n" + BLOCK, DocBlock.replace("# T\n", BLOCK));
    }

    @Test
    void refusesADamagedBlock() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DocBlock.replace("x\n" + BenchSuite.END + "\n", BLOCK));
        assertTrue(e.getMessage().contains("missing the beginning"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DocBlock.replace(BenchSuite.END + "\n" + BenchSuite.BEGIN + "\n", BLOCK));
        assertTrue(e.getMessage().contains("out of order"), e.getMessage());
    }

    @Test
    void writesJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a \"q\" \\ \n\u0001");
        m.put("n", 3.25);
        m.put("i", 7L);
        m.put("nan", Double.NaN);
        m.put("list", List.of(1, 2));
        m.put("empty", Map.of());
        assertEquals("{\n  \"s\": \"a \\\"q\\\" \\\\ \\n\\u0001\",\n  \"n\": 3.25,\n  \"i\": 7,\n  \"nan\": null,\n"
                + "  \"list\": [1, 2],\n  \"empty\": {}\n}\n", Json.write(m));
        assertEquals("0.0001234567", Json.number(0.0001234567));
        assertEquals("12.5", Json.number(12.5));
    }

    @Test
    void readsBackWhatItWrites() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a \"q\" \\ \n\u0001 µs");
        m.put("x", 14009.340123456789);
        m.put("tiny", 1.5e-9);
        m.put("nan", Double.NaN);
        m.put("list", List.of(List.of(50.0, 606.0), List.of(99.9, 8290.5)));
        m.put("flag", true);
        m.put("empty", List.of());
        Map<String, Object> back = (Map<String, Object>) JsonReader.read(Json.write(m));
        assertEquals("a \"q\" \\ \n\u0001 µs", back.get("s"));
        assertEquals(14009.340123456789, back.get("x"));
        assertEquals(1.5e-9, back.get("tiny"));
        assertEquals(null, back.get("nan"));
        assertEquals(List.of(List.of(50.0, 606.0), List.of(99.9, 8290.5)), back.get("list"));
        assertEquals(true, back.get("flag"));
        assertEquals(List.of("s", "x", "tiny", "nan", "list", "flag", "empty"), List.copyOf(back.keySet()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonReader.read("{\"a\": [1, }"));
        assertTrue(e.getMessage().contains("offset 10"), e.getMessage());
    }

    @Test
    void tablesEscapeCellsAndCheckTheirWidth() {
        Table t = new Table("name", "value>").row("a|b", 1.5);
        assertEquals("| name | value |\n| --- | ---: |\n| a\\|b | 1.5 |\n", t.markdown());
        assertThrows(IllegalArgumentException.class, () -> t.row("only one"));
    }

    @Test
    void formatsNumbers() {
        assertEquals("1,235", Fmt.num(1234.5));
        assertEquals("12.3", Fmt.num(12.34));
        assertEquals("1.23", Fmt.num(1.234));
        assertEquals("0.123", Fmt.num(0.1234));
        assertEquals("n/a", Fmt.num(Double.NaN));
        assertEquals("0.105x", Fmt.ratio(0.1049));
        assertEquals("143x", Fmt.ratio(143.2));
        assertEquals("+4.2%", Fmt.pct(4.21));
        assertEquals("1.50 ± 0.100", Fmt.withError(1.5, 0.1));
    }

    @Test
    void aVerdictWithAMissingFigureHasNoResult() {
        assertEquals(Verdict.Status.NO_RESULT, Verdict.of("t", "m", true, "", 1, Double.NaN).status());
        assertEquals(Verdict.Status.MET, Verdict.of("t", "m", true, "", 1).status());
        Verdict missed = Verdict.of("t", "m", false, "by 3 ns", 1);
        assertEquals(Verdict.Status.MISSED, missed.status());
        assertEquals("**missed**: by 3 ns", missed.verdictText());
    }

    @Test
    void looksUpRowsByParameters() {
        Results r = new Results();
        Map<String, String> a = new LinkedHashMap<>();
        a.put("busyThreads", "4");
        a.put("busyKind", "virtual");
        r.addAll(List.of(new Row("B.op", a, "sample", "us/op", 10, 1, 9, 12, 20, 100, Map.of("x", 2.0), null),
                Row.failed("B.op", Map.of("busyThreads", "16"), "no result")));
        assertEquals(9, r.median("B.op", "busyThreads", "4", "busyKind", "virtual"));
        assertEquals(2.0, r.secondary("x", "B.op", "busyThreads", "4"));
        assertTrue(Double.isNaN(r.median("B.op", "busyThreads", "16")), "a failed trial has no figure");
        assertTrue(Double.isNaN(r.score("B.other")));
        assertEquals(1, r.failures().size());
    }

    @Test
    void readsAPercentileCurve() {
        double[][] p = RealServiceSection.points("[[50.000,549.0],[99.000,3834.0],[100.0,131043.0]]");
        assertArrayEquals(new double[] {Math.log10(2), 2, 5.6}, p[0], 1e-9);
        assertArrayEquals(new double[] {549, 3834, 131043}, p[1], 1e-9);
    }

    @Test
    void shortensBenchmarkNames() {
        assertEquals("GracePeriodBench.synchronize", JmhRun.shortName("dev.quiesce.bench.GracePeriodBench.synchronize"));
    }

    @Test
    void refusesBadArgumentsWithoutRunningAnything() {
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        int code = BenchSuite.run(new String[] {"--only", "nonsense"}, new java.io.PrintStream(out), new java.io.PrintStream(err));
        assertEquals(2, code);
        assertTrue(err.toString().contains("no section nonsense; sections: probe-cost, removal"), err.toString());
        assertEquals(2, BenchSuite.run(new String[] {"--java"}, new java.io.PrintStream(out), new java.io.PrintStream(err)));
        assertTrue(err.toString().contains("--java needs a value"), err.toString());
        assertEquals(2, BenchSuite.run(new String[] {"--render", "no/such/results.json"}, new java.io.PrintStream(out),
                new java.io.PrintStream(err)));
        assertTrue(err.toString().contains("cannot render no/such/results.json: no such file"), err.toString());
        assertEquals(0, BenchSuite.run(new String[] {"--help"}, new java.io.PrintStream(out), new java.io.PrintStream(err)));
        assertTrue(out.toString().contains("Usage: quiesce bench"), out.toString());
    }
}
