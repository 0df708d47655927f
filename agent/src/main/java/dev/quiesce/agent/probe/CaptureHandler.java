package dev.quiesce.agent.probe;

import dev.quiesce.agent.boot.CapturedEvent;
import dev.quiesce.agent.boot.MethodSite;
import dev.quiesce.agent.boot.ProbeHandler;
import dev.quiesce.agent.boot.SiteLines;
import dev.quiesce.agent.boot.jfr.ProbeEvents;
import dev.quiesce.agent.spec.ProbeOptions;

/**
 * The built-in {@code capture} and {@code stack} actions: arguments, returned values and exceptions rendered
 * safely ({@link SafeFormat}), or the hit's folded stack, as bounded events on an {@link EventRing} that the
 * control API drains. A hit is recorded only if it passes the {@link CaptureGate} (sampling, rate, total
 * limit); the others are counted as suppressed, and events that find the ring full as dropped. Each recorded
 * hit is also a JFR {@code dev.quiesce.ProbeHit} event while a recording enables it. Nothing here blocks or
 * takes a lock.
 */
final class CaptureHandler implements ProbeHandler {
    static final int RING_CAPACITY = 4096;

    private final ProbeOptions options;
    private final CaptureGate gate;
    private final boolean stacks;
    private final EventRing<CapturedEvent> ring = new EventRing<>(RING_CAPACITY);
    /** The probe and version this handler records for, named in JFR events. */
    private final String probe;
    private final int version;

    /** A capture handler; with {@code stacks} it records the folded stack of each admitted hit instead. */
    CaptureHandler(ProbeOptions options, boolean stacks, String probe, int version) {
        this.options = options;
        this.gate = new CaptureGate(options);
        this.stacks = stacks;
        this.probe = probe;
        this.version = version;
    }

    @Override
    public void onEntry(MethodSite site, Object self, Object[] args) {
        if (stacks) {
            stack(site, -1);
            return;
        }
        if (gate.admit()) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < args.length; i++) {
                if ((i > 0 && !SafeFormat.append(b, ", ", options.maxBytes()))
                        || !SafeFormat.append(b, args[i], options.maxBytes())) {
                    break;
                }
            }
            if (b.length() < options.maxBytes()) {
                b.append(']');
            }
            publish(site, "entry", b.toString(), -1);
        }
    }

    @Override
    public void onReturn(MethodSite site, Object value, long nanos) {
        if (stacks) {
            stack(site, nanos);
            return;
        }
        if (gate.admit()) {
            publish(site, "return", text(value), nanos);
        }
    }

    @Override
    public void onThrow(MethodSite site, Throwable thrown, long nanos) {
        if (stacks) {
            stack(site, nanos);
            return;
        }
        if (gate.admit()) {
            publish(site, "throw", text(thrown), nanos);
        }
    }

    private String text(Object o) {
        StringBuilder b = new StringBuilder();
        SafeFormat.append(b, o, options.maxBytes());
        return b.toString();
    }

    /**
     * The folded stack of the hit, root first ({@code main;Service.handle;Shop.price}), from the instrumented
     * method's frame (the one at the marker line) down to {@code stackDepth} frames, cut to {@code maxBytes}.
     */
    private void stack(MethodSite site, long nanos) {
        if (!gate.admit()) {
            return;
        }
        java.util.List<String> frames = StackWalker.getInstance().walk(s -> s
                .dropWhile(f -> f.getLineNumber() != SiteLines.MARKER)
                .limit(options.stackDepth())
                .map(f -> f.getClassName() + "." + f.getMethodName())
                .collect(java.util.stream.Collectors.toList()));
        java.util.Collections.reverse(frames);
        StringBuilder b = new StringBuilder();
        for (String f : frames) {
            if (b.length() > 0 && !SafeFormat.appendRaw(b, ";", options.maxBytes())) {
                break;
            }
            if (!SafeFormat.appendRaw(b, f, options.maxBytes())) {
                break;
            }
        }
        publish(site, "stack", b.toString(), nanos);
    }

    private void publish(MethodSite site, String kind, String text, long nanos) {
        String where = site.toString();
        ring.offer(new CapturedEvent(System.currentTimeMillis(), Thread.currentThread().getName(), where, kind, text,
                nanos));
        if (ProbeEvents.hitEnabled()) { // a volatile read and a flag while no recording wants hits
            ProbeEvents.hit(probe, version, where, kind, text, nanos);
        }
    }

    EventRing<CapturedEvent> ring() {
        return ring;
    }

    long suppressed() {
        return gate.suppressed();
    }
}
