package dev.quiesce.agent.probe;

import dev.quiesce.agent.boot.ChainNesting;
import dev.quiesce.agent.boot.SiteLines;
import dev.quiesce.rcu.ReaderProgress;
import dev.quiesce.rcu.ThreadIds;
import java.util.ArrayList;
import java.util.List;

/**
 * Lets a tasks grace period clear a thread that every stack sample finds inside a handler chain: a loop whose
 * only safepoint polls lie inside a site's chain (docs/agent.md, "Hot loops whose polls are all inside a
 * site"). A sample cannot tell an old chain from a new one there; the handlers' own per-thread counters can.
 *
 * <p>After a sample finds thread {@code T} inside a chain, the snapshot records what {@code T} has counted in
 * each watched version; if, before the next sample, one of those counts grew, {@code T} ran a watched version's
 * handler after the first sample. A watched version shares no chain with another version, so {@code T} was
 * then in a chain that reaches no unlinked version, and chains run one at a time on a thread, never inside one
 * another: every chain {@code T} was in when the grace period began had ended, or was that one. The argument,
 * and why each condition below is needed: docs/memory-ordering.md, "Progress evidence".
 *
 * <ul>
 *   <li>Watched: current versions of built-in actions (count, hist) that were never in one chain with another
 *       version. A grown count of a version that shares a chain with an unlinked one could come from the same
 *       old chain, before its unlinked handler runs.</li>
 *   <li>None at all while, anywhere in the JVM (any load of the agent), a version exists, not yet closed, whose
 *       handlers may run application code (handler objects, capture: such code may call an instrumented
 *       method), or that is linked at a site in code the built-in handlers run (the JDK, the agent): then a
 *       chain can run inside another ({@link ChainNesting}).</li>
 *   <li>Covered frames: the site marker line and {@link Handlers}, the agent's read-side frames.</li>
 * </ul>
 *
 * <p>Fields: {@code watched} is replaced whole under the manager's lock (a volatile store) and read by
 * grace-period threads; the nesting count is {@link ChainNesting}'s.
 */
final class ChainProgress implements ReaderProgress {
    private static final String HANDLERS = Handlers.class.getName();
    /** Packages whose code the built-in handlers may run, directly or through the JDK. */
    private static final String[] RUN_BY_HANDLERS = {"java.", "javax.", "jdk.", "sun.", "com.sun.", "dev.quiesce."};
    private volatile ProbeVersion[] watched = new ProbeVersion[0];

    /**
     * True if the built-in handlers (counting, histograms, timing, cost metering, the error path) may run code
     * of {@code className}: a chain linked there can run inside theirs.
     */
    static boolean runByBuiltInHandlers(String className) {
        for (String p : RUN_BY_HANDLERS) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** L: the probes' current versions, after every change of what is linked. */
    void linked(List<ProbeVersion> current) {
        List<ProbeVersion> w = new ArrayList<>();
        for (ProbeVersion v : current) {
            if (!v.callsApplicationCode()) {
                w.add(v);
            }
        }
        watched = w.toArray(new ProbeVersion[0]);
    }

    /** What the watched versions hold for one thread: versions and counts, in step. */
    private record Snapshot(ThreadCounts[] counts, long[] values) { }

    @Override
    public Object snapshot(Thread thread) {
        if (ChainNesting.unclosedVolatile() != 0) {
            return null;
        }
        long id = ThreadIds.of(thread);
        List<ThreadCounts> counts = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        for (ProbeVersion v : watched) {
            if (v.everSharedVolatile()) {
                continue;
            }
            for (ThreadCounts c : v.perThreadCounts()) {
                long n = c.countOf(id);
                if (n >= 0) { // the thread's own slot: its hits can be told from others'
                    counts.add(c);
                    values.add(n);
                }
            }
        }
        if (counts.isEmpty()) {
            return null;
        }
        long[] vs = new long[values.size()];
        for (int i = 0; i < vs.length; i++) {
            vs[i] = values.get(i);
        }
        return new Snapshot(counts.toArray(new ThreadCounts[0]), vs);
    }

    @Override
    public boolean progressedSince(Thread thread, Object snapshot) {
        if (ChainNesting.unclosedVolatile() != 0 || !(snapshot instanceof Snapshot s)) {
            return false;
        }
        long id = ThreadIds.of(thread);
        for (int i = 0; i < s.counts.length; i++) {
            if (s.counts[i].countOf(id) > s.values[i]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Called after the sample: a version that may run application code, built since, makes every frame
     * uncovered (the sample came after the chain that would run inside its chain began).
     */
    @Override
    public boolean covers(StackTraceElement frame) {
        if (ChainNesting.unclosedVolatile() != 0) {
            return false;
        }
        String c = frame.getClassName();
        return frame.getLineNumber() == SiteLines.MARKER || c.equals(HANDLERS) || c.startsWith(HANDLERS + "$");
    }

}
