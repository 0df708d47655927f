package dev.quiesce.agent.probe;

/**
 * The version a probe's handler-based chains (custom handlers, capture, stack) read on every hit. Their site
 * chains bind the slot rather than a version, so swapping between two such versions is one store here, seen by
 * every site at once: no relink, no deoptimization. Each hit loads the slot once, inside its read section, so it
 * is handled by exactly one version; the old version is retired after a grace period as usual
 * (docs/memory-ordering.md, "Probe sites").
 *
 * <p>Field: {@code version} is written under the manager's lock with a volatile store, read with a volatile load
 * by handler threads.
 */
final class VersionSlot {
    private volatile ProbeVersion version;

    ProbeVersion lvVersion() {
        return version;
    }

    void svVersion(ProbeVersion v) {
        version = v;
    }
}
