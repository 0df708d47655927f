package dev.quiesce.agent.probe;

import dev.quiesce.agent.spec.ProbeOptions;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which hits a capture or stack probe records: sampling ({@code sample=N}: one hit in N), then the rate limit
 * ({@code rate=N/s}, in windows of about a second), then the total limit ({@code limit=N}). Lock-free.
 *
 * <p>Fields: atomics written by handler threads; {@code window} packs the rate window's number (bits 34 and
 * up) and the hits admitted in it (the lower 30 bits), updated by CAS.
 */
final class CaptureGate {
    private static final long LOW30 = (1L << 30) - 1;
    private final ProbeOptions options;
    private final AtomicLong seen = new AtomicLong();
    private final AtomicLong admitted = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();
    private final AtomicLong window = new AtomicLong();

    CaptureGate(ProbeOptions options) {
        this.options = options;
    }

    boolean admit() {
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
        long w = (System.nanoTime() >>> 30) & LOW30; // windows of 1.07 s
        for (;;) {
            long cur = window.get();
            long count = (cur >>> 34) == w ? cur & LOW30 : 0;
            if (count >= options.ratePerSecond()) {
                return false;
            }
            if (window.compareAndSet(cur, (w << 34) | (count + 1))) {
                return true;
            }
        }
    }

    long suppressed() {
        return suppressed.get();
    }
}
