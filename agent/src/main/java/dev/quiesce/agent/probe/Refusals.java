package dev.quiesce.agent.probe;

/**
 * Classes a probe may not instrument: the agent's dispatch always (a probe there would call itself
 * forever), and, unless the probe is forced, the rest of the agent and the JDK internals that handlers,
 * method handles and grace periods run on.
 */
final class Refusals {
    private static final String[] ALWAYS = {
        "dev.quiesce.agent.boot.", "dev.quiesce.agent.probe.", "java.lang.invoke.",
    };
    private static final String[] UNLESS_FORCED = {
        // the agent and the runtime it carries; quiesce's examples and applications of the runtime are fair game
        "dev.quiesce.agent.", "dev.quiesce.rcu.", "dev.quiesce.wq.",
        "jdk.internal.", "sun.", "java.lang.Thread", "java.lang.VirtualThread", "java.lang.Object",
        "java.lang.Class", "java.lang.ClassLoader", "java.lang.System", "java.lang.ThreadLocal", "java.lang.ref.",
        "java.util.concurrent.atomic.", "java.util.concurrent.locks.", "java.lang.instrument.", "jdk.jfr.",
    };

    private Refusals() {}

    /** Why {@code className} is refused, or null if it may be probed. */
    static String reason(String className, boolean forced) {
        for (String p : ALWAYS) {
            if (matches(className, p)) {
                return className + " is part of the agent's dispatch or of java.lang.invoke, which every probe "
                        + "runs through: probing it would recurse (refused even with force=true)";
            }
        }
        if (!forced) {
            for (String p : UNLESS_FORCED) {
                if (matches(className, p)) {
                    return className + " is part of the agent or of the JDK internals that handlers and grace "
                            + "periods run on (add force=true to probe it anyway)";
                }
            }
        }
        return null;
    }

    private static boolean matches(String className, String prefix) {
        if (prefix.endsWith(".")) {
            return className.startsWith(prefix);
        }
        return className.equals(prefix) || className.startsWith(prefix + "$");
    }
}
