package dev.quiesce.rcu;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;

/**
 * Which stack frames are TASKS read sections, for the sampling fallback: a sampled thread whose stack holds
 * none of them is quiescent at that instant.
 *
 * <p>Patterns are class names ({@code com.example.Reader}), nested classes included, or package prefixes
 * ending in a dot ({@code com.example.probes.}). While nothing is registered, a sample clears a thread
 * only if it runs no Java code at all or its top frame is a native method: a domain that registers no
 * reader frames must keep native calls out of its read sections (TASKS readers do no I/O anyway).
 *
 * <p>A marker line ({@link #addMarkerLine(int)}) makes a frame read-side code whatever its class: an agent
 * that weaves calls into other classes' methods gives the woven instructions a line number no source has,
 * so a thread caught between such a call and the first frame of its target (in frames stack traces hide)
 * still shows a reader frame.
 *
 * <p>The pattern and line arrays are copy-on-write: registration is rare, matching runs on grace-period
 * threads.
 */
public final class ReaderFrames {
    private volatile String[] patterns = new String[0];
    private volatile int[] markerLines = new int[0];
    /** Names read sections in stall reports; replaced whole, read by grace-period threads. */
    private volatile Function<StackTraceElement[], String> describer;
    /** Evidence that lets a sample inside read sections clear a thread; replaced whole, read by grace periods. */
    private volatile ReaderProgress progress;

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

    /**
     * Registers a line number that marks read-side code in any class.
     *
     * @throws IllegalArgumentException unless {@code line} is between 1 and 65535 (a class file's range)
     */
    public synchronized void addMarkerLine(int line) {
        if (line < 1 || line > 65_535) {
            throw new IllegalArgumentException("marker line " + line + " is outside 1..65535");
        }
        int[] m = markerLines;
        for (int x : m) {
            if (x == line) {
                return;
            }
        }
        int[] n = Arrays.copyOf(m, m.length + 1);
        n[m.length] = line;
        markerLines = n;
    }

    /**
     * Sets what stall reports say about a holdout's read section: given its sampled stack, a short text (an
     * agent names the probes whose sites are on it) or null. Called on grace-period threads while they report
     * a stall: it must not block. {@code null} removes it.
     */
    public void describeWith(Function<StackTraceElement[], String> d) {
        describer = d;
    }

    /**
     * Sets the evidence that lets a sample which finds a thread inside read sections clear it anyway
     * ({@link ReaderProgress}); {@code null} removes it. A grace period uses the provider it found at its start.
     */
    public void progressWith(ReaderProgress p) {
        progress = p;
    }

    /** The provider set by {@link #progressWith}, or null (a volatile read). */
    ReaderProgress progressVolatile() {
        return progress;
    }

    /**
     * True if {@code stack} holds read-side frames and {@code p} covers every one of them: the read sections
     * it shows are all of {@code p}'s kind. A provider that throws covers nothing.
     */
    boolean coveredBy(StackTraceElement[] stack, ReaderProgress p) {
        String[] pat = patterns;
        int[] m = markerLines;
        boolean any = false;
        if (truncated(stack)) {
            return false;
        }
        for (StackTraceElement e : stack) {
            if (isReaderFrame(pat, m, e)) {
                any = true;
                try {
                    if (!p.covers(e)) {
                        return false;
                    }
                } catch (RuntimeException failed) {
                    return false;
                }
            }
        }
        return any;
    }

    /** The describer's text for {@code stack}, or null; a describer that throws says so instead. */
    String describe(StackTraceElement[] stack) {
        Function<StackTraceElement[], String> d = describer;
        if (d == null || stack == null) {
            return null;
        }
        try {
            return d.apply(stack);
        } catch (RuntimeException e) {
            return "(describer failed: " + e + ")";
        }
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
        return patterns.length == 0 && markerLines.length == 0;
    }

    /**
     * True if a thread sampled with {@code stack} was outside every read section at that instant.
     */
    boolean proveQuiescent(StackTraceElement[] stack) {
        if (truncated(stack)) {
            return false; // the frames left out may be inside a read section
        }
        if (isEmpty()) {
            return stack.length == 0 || stack[0].isNativeMethod();
        }
        return firstReaderFrame(stack) == null;
    }

    /** The first frame of {@code stack} that is read-side code, or null if there is none. */
    StackTraceElement firstReaderFrame(StackTraceElement[] stack) {
        String[] p = patterns;
        int[] m = markerLines;
        for (StackTraceElement e : stack) {
            if (isReaderFrame(p, m, e)) {
                return e;
            }
        }
        return null;
    }

    private static boolean isReaderFrame(String[] patterns, int[] markerLines, StackTraceElement e) {
        return matches(patterns, e.getClassName()) || isMarked(markerLines, e.getLineNumber());
    }

    /** True if a sample ends with {@link ThreadView#TRUNCATED}: frames were left out. */
    static boolean truncated(StackTraceElement[] stack) {
        return stack.length > 0 && stack[stack.length - 1] == ThreadView.TRUNCATED;
    }

    private static boolean isMarked(int[] markerLines, int line) {
        for (int x : markerLines) {
            if (x == line) {
                return true;
            }
        }
        return false;
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
        return markerLines.length == 0 ? Arrays.toString(patterns)
                : Arrays.toString(patterns) + " + lines " + Arrays.toString(markerLines);
    }
}
