package dev.quiesce.bench.suite.chart;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Writes one standalone SVG 1.1 document: the XML declaration, the root element with a white background,
 * then elements one per line. Attribute values and text are XML-escaped; numbers are written with at most
 * two decimals and no locale, so the same calls give the same bytes. Also the compact number format of
 * tick labels and bar values.
 */
final class Svg {
    private final StringBuilder out = new StringBuilder(4096);
    private int depth = 1;

    Svg(double width, double height) {
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n");
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"")
                .append(" width=\"").append(num(width)).append('"')
                .append(" height=\"").append(num(height)).append('"')
                .append(" viewBox=\"0 0 ").append(num(width)).append(' ').append(num(height)).append('"')
                .append(" font-family=\"sans-serif\">\n");
        element("rect", "x", 0, "y", 0, "width", width, "height", height, "fill", "#ffffff");
    }

    /** An empty element; {@code attrs} alternate names and values (numbers or strings); a null value omits the attribute. */
    Svg element(String name, Object... attrs) {
        start(name, attrs);
        out.append("/>\n");
        return this;
    }

    /** A {@code <text>} element holding {@code text}. */
    Svg text(String text, Object... attrs) {
        start("text", attrs);
        out.append('>').append(escape(text)).append("</text>\n");
        return this;
    }

    /** Opens a group ({@code <g>}); {@link #close()} ends it. */
    Svg open(Object... attrs) {
        start("g", attrs);
        out.append(">\n");
        depth++;
        return this;
    }

    Svg close() {
        depth--;
        out.append("  ".repeat(depth)).append("</g>\n");
        return this;
    }

    String finish() {
        if (depth != 1) {
            throw new IllegalStateException("unclosed group");
        }
        return out + "</svg>\n";
    }

    private void start(String name, Object... attrs) {
        if (attrs.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name/value pairs");
        }
        out.append("  ".repeat(depth)).append('<').append(name);
        for (int i = 0; i < attrs.length; i += 2) {
            Object v = attrs[i + 1];
            if (v == null) {
                continue;
            }
            String s = v instanceof Number n ? num(n.doubleValue()) : escape(v.toString());
            out.append(' ').append(attrs[i]).append("=\"").append(s).append('"');
        }
    }

    /** XML-escapes {@code s} for text and attribute values; characters XML 1.0 forbids become U+FFFD. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.append(c).append(s.charAt(++i));
                    } else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                            || Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
                        b.append('\uFFFD');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** A coordinate: at most two decimals, no trailing zeros, no exponent, never "-0". */
    static String num(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("not a finite coordinate: " + v);
        }
        return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    /**
     * A label value rounded to {@code digits} significant digits, short: 0.5, 1, 20, 1.5k, 2M, 3G, 4T;
     * plain decimals down to 0.001, below that 2.5e-5; "n/a" when not finite.
     */
    static String compact(double v, int digits) {
        if (!Double.isFinite(v)) {
            return "n/a";
        }
        if (v == 0) {
            return "0";
        }
        BigDecimal r = new BigDecimal(v).round(new MathContext(digits, RoundingMode.HALF_EVEN));
        BigDecimal abs = r.abs();
        if (abs.compareTo(BigDecimal.valueOf(1, 3)) < 0 || abs.compareTo(BigDecimal.valueOf(1, -15)) >= 0) {
            int exp = r.precision() - r.scale() - 1;
            return plain(r.scaleByPowerOfTen(-exp)) + "e" + exp;
        }
        String[] suffixes = {"", "k", "M", "G", "T"};
        int k = 0;
        while (k + 1 < suffixes.length && abs.compareTo(BigDecimal.valueOf(1, -3 * (k + 1))) >= 0) {
            k++;
        }
        return plain(r.scaleByPowerOfTen(-3 * k)) + suffixes[k];
    }

    private static String plain(BigDecimal d) {
        return d.stripTrailingZeros().toPlainString();
    }

    /** Rough width of {@code s} in a sans-serif font of {@code size} pixels, for layout only. */
    static double textWidth(String s, double size) {
        return s.codePointCount(0, s.length()) * size * 0.6;
    }
}
