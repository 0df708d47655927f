package dev.quiesce.agent.control;

/** One JSON object on one line, built field by field: what {@code --json} outputs are made of. */
final class JsonLine {
    private final StringBuilder b = new StringBuilder("{");

    JsonLine put(String key, String value) {
        key(key);
        if (value == null) {
            b.append("null");
        } else {
            quote(value);
        }
        return this;
    }

    JsonLine put(String key, long value) {
        key(key);
        b.append(value);
        return this;
    }

    JsonLine put(String key, double value) {
        key(key);
        b.append(Double.isFinite(value) ? Double.toString(value) : "null");
        return this;
    }

    JsonLine put(String key, boolean value) {
        key(key);
        b.append(value);
        return this;
    }

    JsonLine put(String key, long[] values) {
        key(key);
        b.append('[');
        for (int i = 0; i < values.length; i++) {
            b.append(i == 0 ? "" : ",").append(values[i]);
        }
        b.append(']');
        return this;
    }

    /** A value that is already JSON (a nested object). */
    JsonLine putRaw(String key, String json) {
        key(key);
        b.append(json);
        return this;
    }

    @Override
    public String toString() {
        return b + "}";
    }

    private void key(String key) {
        if (b.length() > 1) {
            b.append(',');
        }
        quote(key);
        b.append(':');
    }

    private void quote(String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        b.append('"');
    }
}
