package dev.quiesce.bench.suite.chart;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/** Test helpers: parse an SVG with the JDK's XML parser (failing on any error), query it, save samples. */
final class Xml {
    static final String SVG_NS = "http://www.w3.org/2000/svg";

    private Xml() {}

    /** Parses {@code svg}, namespace-aware; throws on anything not well-formed and checks the root. */
    static Document parse(String svg) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            Document d = b.parse(new InputSource(new StringReader(svg)));
            Element root = d.getDocumentElement();
            if (!SVG_NS.equals(root.getNamespaceURI()) || !"svg".equals(root.getLocalName())) {
                throw new AssertionError("root is not an SVG element: " + root.getNodeName());
            }
            return d;
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new AssertionError("not well-formed XML: " + e.getMessage() + "\n" + svg, e);
        }
    }

    /** Every element named {@code name} in the SVG namespace, in document order. */
    static List<Element> elements(Document d, String name) {
        NodeList nodes = d.getElementsByTagNameNS(SVG_NS, name);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    /** The text content of every {@code <text>} element, in document order. */
    static List<String> texts(Document d) {
        List<String> out = new ArrayList<>();
        for (Element e : elements(d, "text")) {
            out.add(e.getTextContent());
        }
        return out;
    }

    /** Direct child elements of {@code e} named {@code name}. */
    static List<Element> children(Element e, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = e.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element c && name.equals(c.getLocalName())) {
                out.add(c);
            }
        }
        return out;
    }

    /** The {@code <g>} elements with the given class. */
    static List<Element> groups(Document d, String cls) {
        List<Element> out = new ArrayList<>();
        for (Element g : elements(d, "g")) {
            if (cls.equals(g.getAttribute("class"))) {
                out.add(g);
            }
        }
        return out;
    }

    /** Writes {@code svg} to target/chart-samples/{@code name} for a person to look at. */
    static void sample(String name, String svg) throws IOException {
        Path dir = Path.of("target", "chart-samples");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name), svg, StandardCharsets.UTF_8);
    }
}
