package dev.quiesce.agent.probe;

import dev.quiesce.rcu.TasksTraceRcu;

/**
 * The version a probe's handler-based chains (custom handlers, capture, stack) read on every hit. Their site
 * chains bind the slot rather than a version, so swapping between two such versions is one store here, seen by
 * every site at once: no relink, no deoptimization.
 *
 * <p>Each hit loads the slot once, inside a read section of {@link #trace()}, and runs that version to the end of
 * the section, so it is handled by exactly one version. A version swapped out by a store here is therefore
 * retired after a tasks-trace grace period alone: every section that could have loaded it has ended then. A
 * tasks grace period would not do: a thread that keeps calling the method is nearly always inside the handler's
 * frames, and a stack sample cannot tell the old version's frames from the new one's (docs/memory-ordering.md,
 * "Probe sites").
 *
 * <p>Fields: {@code version} is written under the manager's lock with a volatile store, read with a volatile
 * load by handler threads; {@code trace} is final (the slot reaches handler threads through the call sites).
 */
final class VersionSlot {
    private final TasksTraceRcu trace;
    private volatile ProbeVersion version;

    VersionSlot(TasksTraceRcu trace) {
        this.trace = trace;
    }

    /** The domain whose read sections cover every load of this slot and the run of the version loaded. */
    TasksTraceRcu trace() {
        return trace;
    }

    ProbeVersion lvVersion() {
        return version;
    }

    void svVersion(ProbeVersion v) {
        version = v;
    }
}
