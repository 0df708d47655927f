package dev.quiesce.agent.core;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The agent's argument string: comma-separated {@code key=value} pairs, each key known and given once. */
final class AgentArgs {
    private static final Set<String> KEYS = Set.of("carrierHooks", "stripAfterMillis", "budgetMicros");
    private final Map<String, String> values;

    private AgentArgs(Map<String, String> values) {
        this.values = values;
    }

    static AgentArgs parse(String args) {
        Map<String, String> m = new LinkedHashMap<>();
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
        return new AgentArgs(m);
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
