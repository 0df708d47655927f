package dev.quiesce.agent.it;

import dev.quiesce.agent.boot.MethodSite;
import dev.quiesce.agent.boot.ProbeHandler;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts its own invocations, and counts as a violation every invocation that starts after the test
 * declared the probe gone ({@link #closed}): the check the removal guarantee must pass.
 */
public class CountingHandler implements ProbeHandler {
    final LongAdder entries = new LongAdder();
    final LongAdder returns = new LongAdder();
    final LongAdder throwsSeen = new LongAdder();
    final AtomicLong violations = new AtomicLong();
    final AtomicLong timed = new AtomicLong();
    volatile boolean closed;

    @Override
    public void onEntry(MethodSite site, Object self, Object[] args) {
        check();
        entries.increment();
    }

    @Override
    public void onReturn(MethodSite site, Object value, long nanos) {
        check();
        returns.increment();
        if (nanos >= 0) {
            timed.incrementAndGet();
        }
    }

    @Override
    public void onThrow(MethodSite site, Throwable thrown, long nanos) {
        check();
        throwsSeen.increment();
    }

    private void check() {
        if (closed) {
            violations.incrementAndGet();
        }
    }

    long total() {
        return entries.sum() + returns.sum() + throwsSeen.sum();
    }
}
