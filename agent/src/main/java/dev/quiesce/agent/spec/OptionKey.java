package dev.quiesce.agent.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code key=value} options of the text form, which are also the keys of the JSON form's
 * {@code "options"} object (except {@code name} and {@code jar}, which JSON has at the probe level), with
 * the range each number must fall in.
 */
enum OptionKey {
    NAME("name", Kind.TEXT, 0, 0),
    SAMPLE("sample", Kind.NUMBER, 1, Integer.MAX_VALUE),
    RATE("rate", Kind.RATE, 1, Long.MAX_VALUE),
    LIMIT("limit", Kind.NUMBER, 1, Long.MAX_VALUE),
    MAX_BYTES("maxBytes", Kind.NUMBER, ProbeOptions.MIN_MAX_BYTES, ProbeOptions.MAX_MAX_BYTES),
    DEPTH("depth", Kind.NUMBER, 1, ProbeOptions.MAX_STACK_DEPTH),
    SLEEPABLE("sleepable", Kind.FLAG, 0, 0),
    FORCE("force", Kind.FLAG, 0, 0),
    MAX_CLASSES("maxClasses", Kind.NUMBER, 1, Integer.MAX_VALUE),
    ERRORS("errors", Kind.NUMBER, 1, Integer.MAX_VALUE),
    /** Microseconds of handler time per second of wall time: 1_000_000 is one whole CPU. */
    BUDGET("budget", Kind.NUMBER, 1, 1_000_000),
    JAR("jar", Kind.TEXT, 0, 0);

    /** How a value is written. */
    enum Kind {
        /** A string. */
        TEXT,
        /** An integer, {@code 10_000} or {@code 10k} in the text form. */
        NUMBER,
        /** {@code N/s}, {@code N/sec} or {@code N/min}. */
        RATE,
        /** {@code true} or {@code false}. */
        FLAG
    }

    private final String key;
    private final Kind kind;
    private final long min;
    private final long max;

    OptionKey(String key, Kind kind, long min, long max) {
        this.key = key;
        this.kind = kind;
        this.min = min;
        this.max = max;
    }

    String key() {
        return key;
    }

    Kind kind() {
        return kind;
    }

    /** True for the keys that live in the JSON form's {@code "options"} object. */
    boolean inJsonOptions() {
        return this != NAME && this != JAR;
    }

    /** The text form's key, ignoring case, or null. */
    static OptionKey byTextKey(String key) {
        for (OptionKey option : values()) {
            if (option.key.equalsIgnoreCase(key)) {
                return option;
            }
        }
        return null;
    }

    /** A key of the JSON form's {@code "options"} object, exactly as spelled, or null. */
    static OptionKey byJsonKey(String key) {
        for (OptionKey option : values()) {
            if (option.inJsonOptions() && option.key.equals(key)) {
                return option;
            }
        }
        return null;
    }

    static List<String> textKeys() {
        List<String> keys = new ArrayList<>();
        for (OptionKey option : values()) {
            keys.add(option.key);
        }
        return keys;
    }

    static List<String> jsonKeys() {
        List<String> keys = new ArrayList<>();
        for (OptionKey option : values()) {
            if (option.inJsonOptions()) {
                keys.add(option.key);
            }
        }
        return keys;
    }

    /** Throws unless {@code min <= value <= max}; {@code label} names the value in the message. */
    void checkRange(String label, long value, Origin at) {
        if (value < min || value > max) {
            throw outOfRange(label, Long.toString(value), at);
        }
    }

    /** {@code label must be between min and max; got value}. */
    SpecException outOfRange(String label, String got, Origin at) {
        String range = max == Long.MAX_VALUE ? "at least " + min : "between " + min + " and " + max;
        String unit = kind == Kind.RATE ? " per second" : "";
        return at.error(label + " must be " + range + unit + "; got " + got);
    }
}
