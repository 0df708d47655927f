package dev.quiesce.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.agent.boot.AgentControl;
import dev.quiesce.agent.boot.ProbeControl;
import dev.quiesce.agent.boot.RemovalReport;
import dev.quiesce.rcu.TasksRcu;
import example.shop.Tick;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Swaps on a loop whose only safepoint polls are inside the site's chain. This fork runs with the counting
 * handler kept out of line ({@code -XX:CompileCommand=dontinline,...ThreadCounts::add}, see the pom), so each
 * hit is a call that polls on return and C2 keeps no poll of its own in the loop: nearly every stack sample of
 * the busy threads lands inside a chain, where an old version cannot be told from the new one. Grace periods
 * then end on the handlers' per-thread counters (ChainProgress): a thread that counted in the new version
 * between two samples has left the old chain. The test fails if no grace period ended that way (which is what
 * happens without the provider), and if any call was not counted exactly once by the versions' final reports
 * (what a grace period that ended too early would cause: a hit landing in a version already reported).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HotLoopProgressIT {
    private static final int THREADS = 2;
    private static final long SWAPPING_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final int MORE_SWAPS = 20;

    private final ProbeControl control = AgentControl.control();

    @Test
    void swapsOfATimingProbeOnAHotLoopEndOnProgressEvidenceAndCountEveryCallOnce() throws Exception {
        swap("timing example.shop.Tick#tick hist name=tick-timing");
    }

    @Test
    void swapsOfACountProbeOnAHotLoopEndOnProgressEvidenceAndCountEveryCallOnce() throws Exception {
        swap("entry example.shop.Tick#tick count name=tick-count");
    }

    private void swap(String spec) throws Exception {
        String name = spec.substring(spec.indexOf("name=") + 5);
        control.add(spec); // linked when it returns: every call the threads make from here on is counted
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong calls = new AtomicLong();
        List<Thread> busy = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            Thread t = new Thread(() -> {
                long n = 0;
                long s = 0;
                while (!stop.get()) {
                    s += Tick.tick(n++);
                }
                calls.addAndGet(n);
                if (s == 42) {
                    System.out.println("unlikely");
                }
            }, "hot-loop-" + i);
            t.setDaemon(true);
            t.start();
            busy.add(t);
        }
        long counted = 0;
        long before = TasksRcu.tasks().stats().progressClears();
        int swaps = 0;
        try {
            long end = System.nanoTime() + SWAPPING_NANOS;
            int after = -1; // swaps still to make once one grace period ended on the evidence
            while (after != 0 && System.nanoTime() - end < 0) {
                RemovalReport r = control.swap(name, spec).get(60, TimeUnit.SECONDS);
                assertEquals("swapped", r.reason());
                counted += r.hits() + r.unpaired();
                swaps++;
                if (after < 0 && TasksRcu.tasks().stats().progressClears() > before) {
                    after = MORE_SWAPS;
                } else if (after > 0) {
                    after--;
                }
            }
        } finally {
            stop.set(true);
            for (Thread t : busy) {
                t.join();
            }
        }
        RemovalReport last = control.remove(name).get(60, TimeUnit.SECONDS);
        counted += last.hits() + last.unpaired();
        long cleared = TasksRcu.tasks().stats().progressClears() - before;
        assertTrue(cleared > 0, swaps + " swap(s) of \"" + spec + "\" in 30 s, none ended on progress evidence: "
                + TasksRcu.tasks().stats());
        assertTrue(calls.get() > 0);
        assertEquals(calls.get(), counted, "calls made while the probe was linked vs hits in the " + (swaps + 1)
                + " versions' final reports");
    }
}
