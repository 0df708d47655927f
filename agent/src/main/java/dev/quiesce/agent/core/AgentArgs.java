package dev.quiesce.agent.core;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The agent's argument string: comma-separated {@code key=value} pairs, each key known and given once. The
 * one exception is {@code probe=}, which must come last: everything after it is probe specs separated by
 * ';' (specs may contain commas, in parameter lists).
 */
final class AgentArgs {
    static final String PROBE = "probe=";
    private static final Set<String> KEYS = Set.of("carrierHooks", "stripAfterMillis", "budgetMicros", "control",
            "probes");
    private final Map<String, String> values;
    private final String inlineProbes;

    private AgentArgs(Map<String, String> values, String inlineProbes) {
        this.values = values;
        this.inlineProbes = inlineProbes;
    }

    static AgentArgs parse(String args) {
        Map<String, String> m = new LinkedHashMap<>();
        String inline = null;
        if (args != null) {
            int p = args.startsWith(PROBE) ? 0 : args.indexOf("," + PROBE) + 1;
            if (p > 0 || args.startsWith(PROBE)) {
                inline = args.substring(p + PROBE.length());
                args = args.substring(0, Math.max(0, p - 1));
            }
        }
        if (args != null && !args.isBlank()) {
            for (String part : args.split(",")) {
                int eq = part.indexOf('=');
                String key = eq < 0 ? part.trim() : part.substring(0, eq).trim();
                if (!KEYS.contains(key)) {
                    throw new IllegalArgumentException("unknown agent argument \"" + key + "\" (known: "
                            + String.join(", ", KEYS) + ")");
                }
                if (eq < 0) {
                    throw new IllegalArgumentException("agent argument \"" + key + "\" needs a value: " + key + "=...");
                }
                if (m.put(key, part.substring(eq + 1).trim()) != null) {
                    throw new IllegalArgumentException("agent argument \"" + key + "\" is given twice");
                }
            }
        }
        return new AgentArgs(m, inline);
    }

    /** The probe specs given with {@code probe=}, one per line (the text form {@code addAll} reads); null if none. */
    String inlineProbes() {
        return inlineProbes == null ? null : String.join("\n", inlineProbes.split(";"));
    }

    /** A string value, or null. */
    String text(String key) {
        return values.get(key);
    }

    /** A positive number of milliseconds. */
    long millis(String key, long dflt) {
        String v = values.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            long ms = Long.parseLong(v);
            if (ms > 0) {
                return ms;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("agent argument " + key + "=" + v + ": expected a positive number of ms");
    }

    /** A number in {@code [min, max]}. */
    long number(String key, long dflt, long min, long max) {
        String v = values.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("agent argument " + key + "=" + v + ": expected a number from " + min
                + " to " + max);
    }

    boolean flag(String key, boolean dflt) {
        String v = values.get(key);
        if (v == null) {
            return dflt;
        }
        switch (v.toLowerCase(Locale.ROOT)) {
            case "true": return true;
            case "false": return false;
            default: throw new IllegalArgumentException("agent argument " + key + "=" + v + ": expected true or false");
        }
    }
}
