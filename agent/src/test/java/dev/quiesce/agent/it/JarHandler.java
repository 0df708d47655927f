package dev.quiesce.agent.it;

import dev.quiesce.agent.boot.MethodSite;
import dev.quiesce.agent.boot.ProbeHandler;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A handler the tests put in a jar of its own and name with {@code handler=... jar=...}. It sees only the JDK
 * and the agent's boot API, so it reports through system properties: its class loader (weakly) and its count.
 */
public class JarHandler implements ProbeHandler {
    public static final String LOADER = "quiesce.test.jarHandlerLoader";
    public static final String COUNT = "quiesce.test.jarHandlerCount";
    private final AtomicLong entries = new AtomicLong();

    public JarHandler() {
        System.getProperties().put(LOADER, new WeakReference<>(getClass().getClassLoader()));
        System.getProperties().put(COUNT, entries);
    }

    @Override
    public void onEntry(MethodSite site, Object self, Object[] args) {
        entries.incrementAndGet();
    }
}
