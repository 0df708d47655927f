package dev.quiesce.bench.suite.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class BarChartTest {
    private static BarChart sample() {
        return new BarChart("Probe site cost", "time per call").unit("ns").logScale(true)
                .bar("disabled site", 0.57, 0.55, 0.60, "quiesce")
                .bar("counter probe", 3.2, 3.0, 3.5, "quiesce")
                .bar("hist probe", 18.4, 17.9, 19.0, "quiesce")
                .bar("Byteman rule", 410, 380, 455, "Byteman")
                .bar("Byte Buddy advice", 9.8, 9.5, 10.4, "Byte Buddy")
                .note("Linux x86_64, 8 cores, JDK 21.0.5");
    }

    private static List<Element> bars(Document d) {
        return Xml.groups(d, "bar");
    }

    @Test
    void rendersWellFormedSvgWithValuesAtBarEnds() {
        Document d = Xml.parse(sample().toSvg());
        assertEquals("760", d.getDocumentElement().getAttribute("width"));
        List<String> texts = Xml.texts(d);
        assertTrue(texts.containsAll(List.of("Probe site cost", "time per call", "disabled site", "0.57 ns",
                "3.2 ns", "18.4 ns", "410 ns", "Linux x86_64, 8 cores, JDK 21.0.5")), texts.toString());
        assertEquals(5, bars(d).size());
        for (Element b : bars(d)) {
            assertEquals(1, Xml.children(b, "rect").size());
            assertEquals(1, Xml.children(b, "path").size()); // the whisker
        }
    }

    @Test
    void groupsShareColoursAndAreListedInALegend() {
        Document d = Xml.parse(sample().toSvg());
        List<Element> bars = bars(d);
        String q = fill(bars.get(0));
        assertEquals(q, fill(bars.get(1)));
        assertEquals(q, fill(bars.get(2)));
        assertFalse(q.equals(fill(bars.get(3))) || q.equals(fill(bars.get(4))) || fill(bars.get(3)).equals(fill(bars.get(4))));
        Element legend = Xml.groups(d, "legend").get(0);
        List<String> names = Xml.children(legend, "text").stream().map(Element::getTextContent).toList();
        assertEquals(List.of("quiesce", "Byteman", "Byte Buddy"), names);

        Document single = Xml.parse(new BarChart("t", "v").bar("a", 1, "g").bar("b", 2, "g").toSvg());
        assertTrue(Xml.groups(single, "legend").isEmpty());
    }

    private static String fill(Element bar) {
        return Xml.children(bar, "rect").get(0).getAttribute("fill");
    }

    @Test
    void heightGrowsWithBars() {
        BarChart few = new BarChart("t", "v");
        BarChart many = new BarChart("t", "v");
        for (int i = 0; i < 3; i++) {
            few.bar("b" + i, i + 1, "g");
        }
        for (int i = 0; i < 12; i++) {
            many.bar("b" + i, i + 1, "g");
        }
        int h1 = Integer.parseInt(Xml.parse(few.toSvg()).getDocumentElement().getAttribute("height"));
        int h2 = Integer.parseInt(Xml.parse(many.toSvg()).getDocumentElement().getAttribute("height"));
        assertTrue(h2 >= h1 + 9 * 20, h1 + " then " + h2);
    }

    @Test
    void nonPositiveValuesOnALogScaleReadNotAvailable() {
        String svg = new BarChart("t", "v").unit("ns").logScale(true)
                .bar("zero", 0, "g").bar("negative", -3, "g").bar("ok", 20, "g").bar("nan", Double.NaN, "g")
                .toSvg();
        List<Element> bars = bars(Xml.parse(svg));
        for (int i : new int[] {0, 1, 3}) {
            assertTrue(Xml.children(bars.get(i), "rect").isEmpty(), "bar " + i);
            assertEquals("n/a", Xml.children(bars.get(i), "text").get(1).getTextContent());
        }
        assertEquals(1, Xml.children(bars.get(2), "rect").size());
        assertEquals("20 ns", Xml.children(bars.get(2), "text").get(1).getTextContent());
        assertFalse(svg.contains("NaN") || svg.contains("Infinity"));
    }

    @Test
    void linearScaleStartsAtZeroAndDrawsNegativeBarsLeftOfIt() {
        Document d = Xml.parse(new BarChart("t", "v").bar("up", 97, "g").bar("down", -20, "g").toSvg());
        List<String> texts = Xml.texts(d);
        assertTrue(texts.containsAll(List.of("0", "20", "100", "-20")), texts.toString());
        Element up = Xml.children(bars(d).get(0), "rect").get(0);
        Element down = Xml.children(bars(d).get(1), "rect").get(0);
        double zero = Double.parseDouble(up.getAttribute("x"));
        assertEquals(zero, Double.parseDouble(down.getAttribute("x")) + Double.parseDouble(down.getAttribute("width")), 0.02);
    }

    @Test
    void escapesLabelsGroupsAndTitle() {
        String svg = new BarChart("a<b>", "v&w").unit("<u>")
                .bar("x&y", 1, "g<1>").bar("'q'", 2, "\"g2\"").toSvg();
        assertFalse(svg.contains("a<b>") || svg.contains("x&y"));
        List<String> texts = Xml.texts(Xml.parse(svg));
        assertTrue(texts.containsAll(List.of("a<b>", "v&w", "x&y", "'q'", "g<1>", "\"g2\"", "1 <u>")), texts.toString());
    }

    @Test
    void rejectsBadErrorBoundsAndNulls() {
        BarChart c = new BarChart("t", "v");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.bar("a", 5, 6, 7, "g"));
        assertEquals("bar 'a': error bounds [6.0, 7.0] must be finite and enclose the value 5.0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.bar("a", 5, 4, Double.NaN, "g"));
        assertThrows(IllegalArgumentException.class, () -> c.bar(null, 5, "g"));
        assertThrows(IllegalArgumentException.class, () -> c.bar("a", 5, null));
        assertThrows(IllegalArgumentException.class, () -> c.unit(null));
        assertThrows(IllegalArgumentException.class, () -> new BarChart("t", null));
    }

    @Test
    void logWhiskerBelowZeroIsCutAtTheAxis() {
        String svg = new BarChart("t", "v").logScale(true).bar("a", 5, -1, 9, "g").bar("b", 100, "g").toSvg();
        Element whisker = Xml.children(bars(Xml.parse(svg)).get(0), "path").get(0);
        assertFalse(whisker.getAttribute("d").contains("-"), whisker.getAttribute("d"));
    }

    @Test
    void rendersTheSameBytesTwice() {
        assertEquals(sample().toSvg(), sample().toSvg());
        BarChart c = sample();
        assertEquals(c.toSvg(), c.toSvg());
    }

    @Test
    void emptyChartSaysNoData() {
        Document d = Xml.parse(new BarChart("Nothing yet", "v").note("n").toSvg());
        assertTrue(Xml.texts(d).contains("no data"));
        assertFalse(Xml.texts(Xml.parse(sample().toSvg())).contains("no data"));
    }

    @Test
    void writesSamples() throws IOException {
        Xml.sample("bar-log-groups.svg", sample().toSvg());
        Xml.sample("bar-linear.svg", new BarChart("Removal time", "time to remove a probe").unit("\u00b5s")
                .bar("quiesce (grace period)", 48.2, 44.0, 53.1, "quiesce")
                .bar("retransform (ASM peer)", 1830, 1700, 1990, "peer")
                .bar("Byte Buddy reset", 2410, 2200, 2650, "peer")
                .bar("not measured", Double.NaN, "peer")
                .toSvg());
        Xml.sample("bar-empty.svg", new BarChart("Nothing yet", "v").toSvg());
    }
}
