package dev.quiesce.rcu;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * The real {@link ThreadView}.
 *
 * <p>Enumeration walks the root thread group (no safepoint). One thread is sampled with
 * {@link Thread#getStackTrace()} (a handshake with that thread on JDK 21+, a safepoint on JDK 17).
 * Several platform threads are sampled together through one {@link ThreadMXBean#getThreadInfo(long[], int)},
 * a single safepoint: sequential handshakes would each wait for their busy target to get a CPU, which on
 * a loaded machine costs one scheduler rotation per thread. Virtual threads are sampled one at a time.
 * CPU time comes from {@link ThreadMXBean#getThreadCpuTime(long)} (a clock read, no safepoint).
 */
final class JvmThreadView implements ThreadView {
    static final JvmThreadView INSTANCE = new JvmThreadView();

    private static final int MAX_DEPTH = 1024;
    /**
     * Whether {@code getStackTrace()} of another thread stops at {@code MaxJavaStackTraceDepth}: from JDK 19 (a
     * handshake); before, it dumps the whole stack (JDK 17: 3,009 frames of a thread 3,000 calls deep), so a
     * sample as deep as the limit is whole already and needs no second one.
     */
    private static final boolean OTHER_THREADS_TRACE_LIMITED = Runtime.version().feature() >= 19;
    /** {@code Thread.getStackTrace()}'s depth limit ({@code -XX:MaxJavaStackTraceDepth}, 1024 by default). */
    private volatile int javaStackLimit = -1;
    private final ThreadGroup root;
    private volatile ThreadMXBean mx; // lazily: java.management costs start-up time
    private volatile Boolean fencedReturn;

    private JvmThreadView() {
        ThreadGroup g = Thread.currentThread().getThreadGroup();
        while (g.getParent() != null) {
            g = g.getParent();
        }
        root = g;
    }

    @Override
    public Thread[] platformThreads() {
        int n = root.activeCount() + 8;
        for (;;) {
            Thread[] a = new Thread[n];
            int got = root.enumerate(a, true);
            if (got < n) { // a full array may have missed threads: retry larger
                return java.util.Arrays.copyOf(a, got);
            }
            n *= 2;
        }
    }

    @Override
    public Thread.State state(Thread t) {
        return t.getState();
    }

    @Override
    public StackTraceElement[][] sample(List<Thread> threads) {
        StackTraceElement[][] out = new StackTraceElement[threads.size()][];
        java.util.ArrayList<Integer> platform = new java.util.ArrayList<>();
        for (int i = 0; i < out.length; i++) {
            if (Threads.isVirtual(threads.get(i))) {
                out[i] = sampleOne(threads.get(i));
            } else {
                platform.add(i);
            }
        }
        if (platform.size() == 1) {
            int i = platform.get(0);
            out[i] = sampleOne(threads.get(i));
        } else if (!platform.isEmpty()) {
            long[] ids = new long[platform.size()];
            for (int k = 0; k < ids.length; k++) {
                ids[k] = ThreadIds.of(threads.get(platform.get(k)));
            }
            ThreadInfo[] infos = mx().getThreadInfo(ids, MAX_DEPTH);
            for (int k = 0; k < ids.length; k++) {
                StackTraceElement[] st = infos[k] == null ? null : infos[k].getStackTrace();
                out[platform.get(k)] = st != null && st.length >= MAX_DEPTH ? whole(threads.get(platform.get(k))) : st;
            }
        }
        return out;
    }

    private StackTraceElement[] sampleOne(Thread t) {
        StackTraceElement[] st = t.getStackTrace();
        // A terminated thread answers with an empty trace (as does a thread with no Java frames).
        if (st.length == 0 && !t.isAlive()) {
            return null;
        }
        int limit = OTHER_THREADS_TRACE_LIMITED ? javaStackLimit() : 0;
        return limit > 0 && st.length >= limit ? whole(t) : st;
    }

    /**
     * A thread whose sample filled the depth limit, sampled again without one (rare: only stacks that deep pay
     * the second stop); a virtual thread, which the MXBean does not sample, keeps the cut sample, marked.
     */
    private StackTraceElement[] whole(Thread t) {
        if (!Threads.isVirtual(t)) {
            ThreadInfo info = mx().getThreadInfo(new long[] {ThreadIds.of(t)}, Integer.MAX_VALUE)[0];
            if (info != null) {
                return info.getStackTrace();
            }
        }
        StackTraceElement[] st = t.getStackTrace();
        StackTraceElement[] marked = java.util.Arrays.copyOf(st, st.length + 1);
        marked[st.length] = TRUNCATED;
        return marked;
    }

    /** {@code -XX:MaxJavaStackTraceDepth}, read once; 0 means no limit. */
    private int javaStackLimit() {
        int l = javaStackLimit;
        if (l < 0) {
            String v = vmOption("MaxJavaStackTraceDepth");
            l = v == null ? 1024 : Integer.parseInt(v); // not HotSpot: assume the default
            javaStackLimit = l;
        }
        return l;
    }

    @Override
    public long cpuTimeNanos(Thread t) {
        ThreadMXBean m = mx();
        if (!m.isThreadCpuTimeSupported() || !m.isThreadCpuTimeEnabled()) {
            return -1;
        }
        return m.getThreadCpuTime(ThreadIds.of(t));
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public boolean fencedReturnFromWaiting() {
        Boolean f = fencedReturn;
        if (f == null) {
            f = !systemMemoryBarrier();
            fencedReturn = f;
        }
        return f;
    }

    @Override
    public boolean processBarrier() {
        if (!ProcessBarrier.available()) {
            return false;
        }
        ProcessBarrier.emit();
        return true;
    }

    private static boolean systemMemoryBarrier() {
        // absent on JDK 17, whose return path is fenced
        return "true".equals(vmOption("UseSystemMemoryBarrier"));
    }

    /** A HotSpot VM option's value, or null if this JVM has no such option (or is not HotSpot). */
    private static String vmOption(String name) {
        try {
            com.sun.management.HotSpotDiagnosticMXBean hs =
                    ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return hs == null ? null : hs.getVMOption(name).getValue();
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return null;
        }
    }

    private ThreadMXBean mx() {
        ThreadMXBean m = mx;
        if (m == null) {
            m = ManagementFactory.getThreadMXBean();
            mx = m;
        }
        return m;
    }
}
