package dev.quiesce.bench.suite.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class SvgTest {
    @Test
    void escapesMarkupAndQuotes() {
        assertEquals("a&lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;", Svg.escape("a<b> & \"c\" 'd'"));
        assertEquals("ok \u00e9 \uD83D\uDE00", Svg.escape("ok \u00e9 \uD83D\uDE00"));
    }

    @Test
    void replacesCharactersXmlForbids() {
        assertEquals("a\uFFFDb\uFFFD\tc", Svg.escape("a\u0001b\uD800\tc"));
    }

    @Test
    void escapedTextAndAttributesParseBack() {
        String nasty = "<&> \"' \u0000 x";
        Svg svg = new Svg(100, 50);
        svg.text(nasty, "x", 1, "y", 2, "data-label", nasty);
        Document d = Xml.parse(svg.finish());
        Element t = Xml.elements(d, "text").get(0);
        String expected = nasty.replace('\u0000', '\uFFFD');
        assertEquals(expected, t.getTextContent());
        assertEquals(expected, t.getAttribute("data-label"));
    }

    @Test
    void documentHasHeaderSizeFontAndWhiteBackground() {
        String s = new Svg(760, 440).finish();
        assertTrue(s.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\""), s);
        Element root = Xml.parse(s).getDocumentElement();
        assertEquals("760", root.getAttribute("width"));
        assertEquals("440", root.getAttribute("height"));
        assertEquals("0 0 760 440", root.getAttribute("viewBox"));
        assertEquals("1.1", root.getAttribute("version"));
        assertEquals("sans-serif", root.getAttribute("font-family"));
        List<Element> rects = Xml.children(root, "rect");
        assertEquals("#ffffff", rects.get(0).getAttribute("fill"));
        assertEquals("760", rects.get(0).getAttribute("width"));
    }

    @Test
    void coordinatesHaveAtMostTwoDecimals() {
        assertEquals("12", Svg.num(12.0));
        assertEquals("0.5", Svg.num(0.5));
        assertEquals("3.14", Svg.num(Math.PI));
        assertEquals("1.01", Svg.num(1.005));
        assertEquals("0", Svg.num(-0.001));
        assertEquals("0", Svg.num(-0.0));
        assertEquals("-7.25", Svg.num(-7.25));
        assertEquals("1234567", Svg.num(1234567));
        assertThrows(IllegalArgumentException.class, () -> Svg.num(Double.NaN));
    }

    @Test
    void compactLabels() {
        assertEquals("0", Svg.compact(0, 3));
        assertEquals("0.5", Svg.compact(0.5, 3));
        assertEquals("1", Svg.compact(1, 3));
        assertEquals("20", Svg.compact(20, 3));
        assertEquals("1.5k", Svg.compact(1500, 3));
        assertEquals("2M", Svg.compact(2e6, 3));
        assertEquals("3G", Svg.compact(3e9, 3));
        assertEquals("0.57", Svg.compact(0.57, 3));
        assertEquals("0.3", Svg.compact(0.1 + 0.2, 3));
        assertEquals("0.001", Svg.compact(0.001, 3));
        assertEquals("0.0025", Svg.compact(0.0025, 3));
        assertEquals("1e-4", Svg.compact(0.0001, 3));
        assertEquals("2.5e-5", Svg.compact(2.5e-5, 3));
        assertEquals("1k", Svg.compact(999.96, 3));
        assertEquals("12.3k", Svg.compact(12345, 3));
        assertEquals("-1.5k", Svg.compact(-1500, 3));
        assertEquals("10.02k", Svg.compact(10020, 5));
        assertEquals("n/a", Svg.compact(Double.NaN, 3));
    }

    @Test
    void groupsMustBeClosed() {
        Svg svg = new Svg(10, 10);
        svg.open("class", "x");
        assertThrows(IllegalStateException.class, svg::finish);
        svg.close();
        Xml.parse(svg.finish());
    }

    @Test
    void paletteHasEightDistinctColoursThenDashes() {
        assertTrue(Palette.size() >= 8);
        assertEquals(Palette.size(), java.util.stream.IntStream.range(0, Palette.size())
                .mapToObj(Palette::color).distinct().count());
        for (int i = 0; i < Palette.size(); i++) {
            assertEquals(null, Palette.dash(i));
        }
        assertTrue(Palette.dash(Palette.size()) != null);
        assertTrue(!Palette.dash(Palette.size()).equals(Palette.dash(2 * Palette.size())));
    }
}
