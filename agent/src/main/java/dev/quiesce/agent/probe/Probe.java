package dev.quiesce.agent.probe;

import dev.quiesce.agent.spec.ProbeSpec;

/**
 * A named probe: its spec and the version linked now. {@code versions} is L (the manager's lock); {@code spec}
 * is written under L and read by the transformer's lock-free check (a volatile reference to an immutable record;
 * a swap never changes the class pattern); {@code current} is written under L and also read by the JFR
 * statistics hook without it.
 */
final class Probe {
    private final String name;
    /** L: created with the first handler-based version; versions without a handler never use it. */
    private VersionSlot slot;
    private volatile ProbeSpec spec;
    private volatile ProbeVersion current;
    private int versions;

    Probe(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    ProbeSpec spec() {
        return spec;
    }

    ProbeVersion current() {
        return current;
    }

    /** L: the probe's slot, created on first use with the read-side domain {@code trace}. */
    VersionSlot slot(java.util.function.Supplier<dev.quiesce.rcu.TasksTraceRcu> trace) {
        if (slot == null) {
            slot = new VersionSlot(trace.get());
        }
        return slot;
    }

    int nextVersionNumber() {
        return ++versions;
    }

    void link(ProbeSpec s, ProbeVersion v) {
        spec = s;
        current = v;
        v.publishInSlot();
    }
}
