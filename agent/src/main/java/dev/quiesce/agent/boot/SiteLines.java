package dev.quiesce.agent.boot;

/**
 * The line number the agent gives the bytecode of every site call sequence it weaves (pushing the
 * arguments, the {@code invokedynamic}, storing the token), restoring the method's own line after it.
 *
 * <p>Between the {@code invokedynamic} and the first frame of a handler a thread runs in
 * {@code java.lang.invoke} frames that stack traces hide, so a stack sample would show only the instrumented
 * method and call the thread quiescent although it may be about to run a handler it has already read. The
 * marker line makes that window visible: a frame at this line is inside a site, and grace periods treat it
 * as read-side code ({@code ReaderFrames.addMarkerLine}). No source file has this many lines.
 */
public final class SiteLines {
    public static final int MARKER = 65_535;

    private SiteLines() {}
}
