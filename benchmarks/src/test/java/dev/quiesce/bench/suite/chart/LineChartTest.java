package dev.quiesce.bench.suite.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;

class LineChartTest {
    private static final double[] Q = {0.5, 0.9, 0.99, 0.999, 0.9999};

    private static LineChart sample() {
        double[] x = new double[Q.length];
        for (int i = 0; i < Q.length; i++) {
            x[i] = -Math.log10(1 - Q[i]);
        }
        return new LineChart("Request latency by percentile", "percentile", "latency (\u00b5s)")
                .yLog(true)
                .xTicks(new double[] {x[0], 1, 2, 3, 4}, new String[] {"50%", "90%", "99%", "99.9%", "99.99%"})
                .series("no agent", x, new double[] {180, 260, 410, 900, 2100})
                .series("attached", x, new double[] {185, 270, 430, 980, 2600})
                .series("hist probe", x, new double[] {195, 290, 470, 1100, 3900})
                .series("probe churn", x, new double[] {200, 300, 520, 1500, 7200})
                .note("Linux x86_64, 8 cores, JDK 21.0.5");
    }

    @Test
    void rendersWellFormedSvgOfDefaultSize() {
        Document d = Xml.parse(sample().toSvg());
        Element root = d.getDocumentElement();
        assertEquals("900", root.getAttribute("width"));
        assertEquals("440", root.getAttribute("height"));
        assertEquals("0 0 900 440", root.getAttribute("viewBox"));
        List<String> texts = Xml.texts(d);
        assertTrue(texts.containsAll(List.of("Request latency by percentile", "percentile", "latency (\u00b5s)",
                "50%", "90%", "99%", "99.9%", "99.99%", "no agent", "probe churn", "Linux x86_64, 8 cores, JDK 21.0.5")),
                texts.toString());
        assertEquals(4, Xml.groups(d, "series").size());
        for (Element s : Xml.groups(d, "series")) {
            assertEquals(5, Xml.children(s, "circle").size());
            assertEquals(1, Xml.children(s, "path").size());
        }
    }

    @Test
    void numbersInAttributesHaveAtMostTwoDecimals() {
        String svg = new LineChart("t", "x", "y")
                .series("a", new double[] {1.0 / 3, 2.0 / 3, Math.PI}, new double[] {Math.E, 1.0 / 7, 123456.789})
                .toSvg();
        Document d = Xml.parse(svg);
        Pattern number = Pattern.compile("-?\\d+(\\.\\d+)?");
        for (String name : new String[] {"rect", "line", "circle", "path", "text"}) {
            for (Element e : Xml.elements(d, name)) {
                NamedNodeMap attrs = e.getAttributes();
                for (int i = 0; i < attrs.getLength(); i++) {
                    Matcher m = number.matcher(attrs.item(i).getNodeValue());
                    while (m.find()) {
                        String g = m.group(1);
                        assertTrue(g == null || g.length() <= 3, attrs.item(i) + " in <" + name + ">");
                    }
                }
            }
        }
    }

    @Test
    void escapesTitleLabelsAndNames() {
        String nasty = "p<99> & \"tail\" 'q'";
        String svg = new LineChart(nasty, "x<1", "y&2").note("a<b")
                .series("s<&>", new double[] {1, 2}, new double[] {1, 2})
                .toSvg();
        assertFalse(svg.contains("p<99>"));
        assertTrue(svg.contains("p&lt;99&gt; &amp; &quot;tail&quot; &apos;q&apos;"));
        List<String> texts = Xml.texts(Xml.parse(svg));
        assertTrue(texts.containsAll(List.of(nasty, "x<1", "y&2", "a<b", "s<&>")), texts.toString());
    }

    @Test
    void skipsNonPositivePointsOnLogAxesAndBreaksTheLine() {
        String svg = new LineChart("t", "x", "y").yLog(true).xLog(true)
                .series("a", new double[] {1, 2, 3, 4, 5, 6}, new double[] {10, 0, -5, 100, 1000, Double.NaN})
                .series("b", new double[] {0, 10, 100}, new double[] {5, 50, 500})
                .toSvg();
        List<Element> series = Xml.groups(Xml.parse(svg), "series");
        assertEquals(3, Xml.children(series.get(0), "circle").size());
        String d = Xml.children(series.get(0), "path").get(0).getAttribute("d");
        assertEquals(2, d.split("M").length - 1, d);
        assertEquals(1, d.split("L").length - 1, d);
        assertEquals(2, Xml.children(series.get(1), "circle").size());
        assertFalse(svg.contains("NaN") || svg.contains("Infinity"));
    }

    @Test
    void skipsNaNAndInfiniteOnLinearAxes() {
        String svg = new LineChart("t", "x", "y")
                .series("a", new double[] {1, 2, Double.NaN, 4}, new double[] {-1, Double.POSITIVE_INFINITY, 3, 4})
                .toSvg();
        List<Element> series = Xml.groups(Xml.parse(svg), "series");
        assertEquals(2, Xml.children(series.get(0), "circle").size());
        assertFalse(svg.contains("NaN") || svg.contains("Infinity"));
    }

    @Test
    void linearYStartsAtZeroForNonNegativeData() {
        Document d = Xml.parse(new LineChart("t", "x", "y")
                .series("a", new double[] {1, 2, 3}, new double[] {50, 70, 97}).toSvg());
        List<String> texts = Xml.texts(d);
        assertTrue(texts.containsAll(List.of("0", "20", "40", "60", "80", "100")), texts.toString());
    }

    @Test
    void rendersTheSameBytesTwice() {
        assertEquals(sample().toSvg(), sample().toSvg());
        LineChart c = sample();
        assertEquals(c.toSvg(), c.toSvg());
    }

    @Test
    void copiesArraysPassedIn() {
        double[] ys = {1, 2, 3};
        LineChart c = new LineChart("t", "x", "y").series("a", new double[] {1, 2, 3}, ys);
        String before = c.toSvg();
        ys[0] = 1000;
        assertEquals(before, c.toSvg());
    }

    @Test
    void rejectsMismatchedLengthsWithAClearMessage() {
        LineChart c = new LineChart("t", "x", "y");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.series("p99", new double[] {1, 2, 3}, new double[] {1, 2}));
        assertEquals("series 'p99': xs has 3 values but ys has 2", e.getMessage());
        IllegalArgumentException t = assertThrows(IllegalArgumentException.class,
                () -> c.xTicks(new double[] {1, 2}, new String[] {"a"}));
        assertEquals("x ticks: 2 values but 1 labels", t.getMessage());
    }

    @Test
    void rejectsNulls() {
        assertThrows(IllegalArgumentException.class, () -> new LineChart(null, "x", "y"));
        LineChart c = new LineChart("t", "x", "y");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.series(null, new double[0], new double[0]));
        assertEquals("series name must not be null", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.series("a", null, new double[0]));
        assertThrows(IllegalArgumentException.class, () -> c.xTicks(new double[] {1}, new String[] {null}));
        assertThrows(IllegalArgumentException.class, () -> c.note(null));
        assertThrows(IllegalArgumentException.class, () -> c.size(10, 10));
    }

    @Test
    void emptyChartSaysNoData() {
        Document d = Xml.parse(new LineChart("Nothing yet", "x", "y").toSvg());
        assertTrue(Xml.texts(d).contains("no data"));
        Document logOnly = Xml.parse(new LineChart("t", "x", "y").yLog(true)
                .series("zeros", new double[] {1, 2}, new double[] {0, -1}).toSvg());
        assertTrue(Xml.texts(logOnly).contains("no data"));
        assertFalse(Xml.texts(Xml.parse(sample().toSvg())).contains("no data"));
    }

    @Test
    void seriesNinePlusAreDashedAndColoursCycle() {
        LineChart c = new LineChart("many", "x", "y");
        for (int i = 0; i < 10; i++) {
            c.series("s" + i, new double[] {1, 2}, new double[] {i, i + 1});
        }
        List<Element> series = Xml.groups(Xml.parse(c.toSvg()), "series");
        for (int i = 0; i < 10; i++) {
            Element path = Xml.children(series.get(i), "path").get(0);
            assertEquals(i >= 8, path.hasAttribute("stroke-dasharray"), "series " + i);
        }
        assertNotEquals(series.get(0).getAttribute("stroke"), series.get(1).getAttribute("stroke"));
        assertEquals(series.get(0).getAttribute("stroke"), series.get(8).getAttribute("stroke"));
    }

    @Test
    void customSize() {
        Element root = Xml.parse(sample().size(400, 300).toSvg()).getDocumentElement();
        assertEquals("0 0 400 300", root.getAttribute("viewBox"));
    }

    @Test
    void writesSamples() throws IOException {
        Xml.sample("line-percentiles.svg", sample().toSvg());
        double[] threads = {1, 2, 4, 8, 16, 32, 64};
        Xml.sample("line-loglog.svg", new LineChart("Grace period latency vs readers", "reader threads", "latency (ns)")
                .xLog(true).yLog(true)
                .series("tasks-rcu", threads, new double[] {900, 1300, 2100, 3900, 8200, 17000, 36000})
                .series("tasks-trace", threads, new double[] {400, 520, 800, 1400, 2700, 5600, 12000})
                .series("synchronize (peer)", threads, new double[] {12000, 12500, 14000, 19000, 31000, 60000, 150000})
                .note("sample data")
                .toSvg());
        Xml.sample("line-linear.svg", new LineChart("Throughput", "threads", "ops/s")
                .series("baseline", new double[] {1, 2, 3, 4, 5, 6, 7, 8},
                        new double[] {1.1e6, 2.1e6, 3.0e6, 3.8e6, 4.5e6, 5.1e6, 5.5e6, 5.8e6})
                .series("with probe", new double[] {1, 2, 3, 4, 5, 6, 7, 8},
                        new double[] {1.0e6, 1.9e6, 2.7e6, Double.NaN, 4.0e6, 4.5e6, 4.9e6, 5.1e6})
                .toSvg());
        Xml.sample("line-empty.svg", new LineChart("Nothing yet", "x", "y").toSvg());
    }
}
