package dev.quiesce.agent.probe;

import dev.quiesce.agent.boot.CapturedEvent;
import dev.quiesce.agent.boot.MethodSite;
import dev.quiesce.agent.boot.ProbeHandler;
import dev.quiesce.agent.spec.ProbeOptions;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The built-in {@code capture} action: arguments, returned values and exceptions, rendered safely
 * ({@link SafeFormat}) into bounded events on an {@link EventRing} that the control API drains. A hit is
 * captured only if it passes, in order, the sampling ({@code sample=N}: one hit in N), the rate limit
 * ({@code rate=N/s}, in windows of about a second) and the total limit ({@code limit=N}); the others are
 * counted as suppressed, and events that find the ring full as dropped. Nothing here blocks.
 *
 * <p>Fields: the counters are atomics written by handler threads; {@code window} packs the rate window's
 * number (bits 34 and up) and the hits admitted in it (the lower 30 bits), updated by CAS.
 */
final class CaptureHandler implements ProbeHandler {
    static final int RING_CAPACITY = 4096;

    private final ProbeOptions options;
    private final EventRing<CapturedEvent> ring = new EventRing<>(RING_CAPACITY);
    private final AtomicLong seen = new AtomicLong();
    private final AtomicLong admitted = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();
    private final AtomicLong window = new AtomicLong();

    CaptureHandler(ProbeOptions options) {
        this.options = options;
    }

    @Override
    public void onEntry(MethodSite site, Object self, Object[] args) {
        if (admit()) {
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
        if (admit()) {
            publish(site, "return", text(value), nanos);
        }
    }

    @Override
    public void onThrow(MethodSite site, Throwable thrown, long nanos) {
        if (admit()) {
            publish(site, "throw", text(thrown), nanos);
        }
    }

    private String text(Object o) {
        StringBuilder b = new StringBuilder();
        SafeFormat.append(b, o, options.maxBytes());
        return b.toString();
    }

    private void publish(MethodSite site, String kind, String text, long nanos) {
        ring.offer(new CapturedEvent(System.currentTimeMillis(), Thread.currentThread().getName(), site.toString(),
                kind, text, nanos));
    }

    /** Sampling, then rate, then the total limit. */
    private boolean admit() {
        if (options.sampleEvery() > 1 && seen.getAndIncrement() % options.sampleEvery() != 0) {
            suppressed.incrementAndGet();
            return false;
        }
        if (options.isRateLimited() && !withinRate()) {
            suppressed.incrementAndGet();
            return false;
        }
        if (options.hasLimit() && admitted.incrementAndGet() > options.limit()) {
            suppressed.incrementAndGet();
            return false;
        }
        return true;
    }

    private boolean withinRate() {
        long w = System.nanoTime() >>> 30; // windows of 1.07 s
        for (;;) {
            long cur = window.get();
            long count = (cur >>> 34) == (w & ((1L << 30) - 1)) ? cur & ((1L << 30) - 1) : 0;
            if (count >= options.ratePerSecond()) {
                return false;
            }
            long next = ((w & ((1L << 30) - 1)) << 34) | (count + 1);
            if (window.compareAndSet(cur, next)) {
                return true;
            }
        }
    }

    EventRing<CapturedEvent> ring() {
        return ring;
    }

    long suppressed() {
        return suppressed.get();
    }
}
