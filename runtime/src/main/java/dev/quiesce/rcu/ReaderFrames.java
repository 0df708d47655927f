package dev.quiesce.rcu;

import java.util.Arrays;
import java.util.Objects;

/**
 * Which stack frames are TASKS read sections, for the sampling fallback: a sampled thread whose stack holds
 * none of them is quiescent at that instant.
 *
 * <p>Patterns are class names ({@code com.example.Reader}), nested classes included, or package prefixes
 * ending in a dot ({@code com.example.probes.}). While nothing is registered, a sample clears a thread
 * only if it runs no Java code at all or its top frame is a native method: a domain that registers no
 * reader frames must keep native calls out of its read sections (TASKS readers do no I/O anyway).
 *
 * <p>The pattern array is copy-on-write: registration is rare, matching runs on grace-period threads.
 */
public final class ReaderFrames {
    private volatile String[] patterns = new String[0];

    /** Registers a class (and its nested classes) as read-side code. */
    public void add(Class<?> readerClass) {
        add(Objects.requireNonNull(readerClass, "readerClass").getName());
    }

    /**
     * Registers a class name or a package prefix ending in '.'.
     *
     * @throws IllegalArgumentException if the pattern is empty or not a Java name
     */
    public synchronized void add(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        if (!isValid(pattern)) {
            throw new IllegalArgumentException("reader frame pattern \"" + pattern
                    + "\" is neither a class name nor a package prefix ending in '.'");
        }
        String[] p = patterns;
        if (Arrays.asList(p).contains(pattern)) {
            return;
        }
        String[] q = Arrays.copyOf(p, p.length + 1);
        q[p.length] = pattern;
        patterns = q;
    }

    /** Removes a pattern added before; returns whether it was present. */
    public synchronized boolean remove(String pattern) {
        String[] p = patterns;
        int i = Arrays.asList(p).indexOf(pattern);
        if (i < 0) {
            return false;
        }
        String[] q = new String[p.length - 1];
        System.arraycopy(p, 0, q, 0, i);
        System.arraycopy(p, i + 1, q, i, p.length - i - 1);
        patterns = q;
        return true;
    }

    public boolean isEmpty() {
        return patterns.length == 0;
    }

    /**
     * True if a thread sampled with {@code stack} was outside every read section at that instant.
     */
    boolean proveQuiescent(StackTraceElement[] stack) {
        if (patterns.length == 0) {
            return stack.length == 0 || stack[0].isNativeMethod();
        }
        return firstReaderFrame(stack) == null;
    }

    /** The first frame of {@code stack} that is read-side code, or null if there is none. */
    StackTraceElement firstReaderFrame(StackTraceElement[] stack) {
        String[] p = patterns;
        for (StackTraceElement e : stack) {
            if (matches(p, e.getClassName())) {
                return e;
            }
        }
        return null;
    }

    static boolean matches(String[] patterns, String className) {
        for (String p : patterns) {
            if (p.endsWith(".")) {
                if (className.startsWith(p)) {
                    return true;
                }
            } else if (className.equals(p)
                    || (className.length() > p.length() && className.startsWith(p)
                        && className.charAt(p.length()) == '$')) {
                return true;
            }
        }
        return false;
    }

    private static boolean isValid(String pattern) {
        if (pattern.isEmpty() || pattern.equals(".")) {
            return false;
        }
        String body = pattern.endsWith(".") ? pattern.substring(0, pattern.length() - 1) : pattern;
        for (String part : body.split("\\.", -1)) {
            if (part.isEmpty() || !Character.isJavaIdentifierStart(part.charAt(0))) {
                return false;
            }
            for (int i = 1; i < part.length(); i++) {
                if (!Character.isJavaIdentifierPart(part.charAt(i))) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return Arrays.toString(patterns);
    }
}
