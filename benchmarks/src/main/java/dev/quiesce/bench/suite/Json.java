package dev.quiesce.bench.suite;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * Writes maps, collections, numbers, booleans and strings as JSON. Non-finite numbers
 * become {@code null}. Maps keep their iteration order, so a {@code LinkedHashMap} gives a stable file.
 */
final class Json {
    private Json() {
    }

    static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, "");
        return sb.append('\n').toString();
    }

    private static void write(StringBuilder sb, Object v, String indent) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Boolean b) {
            sb.append(b);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            sb.append(Double.isFinite(d) ? number(d) : "null");
        } else if (v instanceof Number n) {
            sb.append(n.longValue());
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            String in = indent + "  ";
            sb.append("{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(i++ > 0 ? ",\n" : "").append(in);
                string(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                write(sb, e.getValue(), in);
            }
            sb.append('\n').append(indent).append('}');
        } else if (v instanceof Collection<?> c) {
            if (c.isEmpty()) {
                sb.append("[]");
                return;
            }
            boolean flat = c.stream().noneMatch(x -> x instanceof Map || x instanceof Collection);
            String in = indent + "  ";
            sb.append(flat ? "[" : "[\n");
            int i = 0;
            for (Object x : c) {
                sb.append(i++ > 0 ? (flat ? ", " : ",\n") : "").append(flat ? "" : in);
                write(sb, x, in);
            }
            sb.append(flat ? "]" : "\n" + indent + "]");
        } else {
            string(sb, v.toString());
        }
    }

    /** The shortest text that reads back as the same double, without an exponent for ordinary magnitudes. */
    static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        double a = Math.abs(d);
        return a >= 1e-6 && a < 1e15 ? java.math.BigDecimal.valueOf(d).toPlainString() : Double.toString(d);
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
