package dev.quiesce.agent.probe;

/**
 * Renders captured values without running application code: a handler must not block, and an application's
 * {@code toString()} may take locks or do anything. Strings, boxed primitives, characters and enums are shown
 * as values (their JDK classes' own text); arrays by type and length; a {@code java.*} exception by class and
 * message; anything else by class name and identity hash. The text is cut to a budget of characters.
 */
final class SafeFormat {
    private SafeFormat() {}

    /** Appends {@code o}; returns false once the budget is spent (the text then ends in "..."). */
    static boolean append(StringBuilder b, Object o, int budget) {
        return appendRaw(b, render(o), budget);
    }

    /** Appends {@code s} as it is, within the budget, as {@link #append} does. */
    static boolean appendRaw(StringBuilder b, String s, int budget) {
        int room = budget - b.length();
        if (room <= 3) {
            if (room > 0) {
                b.append("...", 0, room);
            }
            return false;
        }
        if (s.length() > room) {
            b.append(s, 0, room - 3).append("...");
            return false;
        }
        b.append(s);
        return true;
    }

    static String render(Object o) {
        if (o == null) {
            return "null";
        }
        if (o instanceof String s) {
            return '"' + s + '"';
        }
        if (o instanceof Character c) {
            return "'" + c + "'";
        }
        if (o instanceof Number || o instanceof Boolean) {
            Class<?> c = o.getClass();
            if (c.getName().startsWith("java.")) { // an application's own Number subclass runs its own code
                return o.toString();
            }
        }
        if (o instanceof Enum<?> e) {
            return e.getDeclaringClass().getSimpleName() + "." + e.name();
        }
        Class<?> c = o.getClass();
        if (c.isArray()) {
            return c.getComponentType().getSimpleName() + "[" + java.lang.reflect.Array.getLength(o) + "]";
        }
        if (o instanceof Throwable t && c.getName().startsWith("java.")) {
            return c.getName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        }
        return c.getName() + "@" + Integer.toHexString(System.identityHashCode(o));
    }
}
