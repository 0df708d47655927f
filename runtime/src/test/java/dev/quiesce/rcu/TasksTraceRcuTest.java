package dev.quiesce.rcu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TasksTraceRcuTest {
    private final List<TasksTraceRcu> domains = new ArrayList<>();

    private TasksTraceRcu domain() {
        TasksTraceRcu d = TasksTraceRcu.create("trace-test");
        domains.add(d);
        return d;
    }

    @AfterEach
    void closeAll() {
        domains.forEach(TasksTraceRcu::close);
    }

    @Test
    void synchronizeWaitsForASleepingReader() throws Exception {
        TasksTraceRcu d = domain();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger left = new AtomicInteger();
        Thread reader = new Thread(() -> {
            int token = d.readLock();
            try {
                inside.countDown();
                release.await(); // sleepable read section
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            } finally {
                left.set(1);
                d.readUnlock(token);
            }
        });
        reader.start();
        inside.await();
        CompletableFuture<Void> gp = Async.run(d::synchronize);
        assertThrows(TimeoutException.class, () -> gp.get(300, TimeUnit.MILLISECONDS));
        release.countDown();
        gp.get(30, TimeUnit.SECONDS);
        assertEquals(1, left.get());
        reader.join();
        assertTrue(d.stats().waits() >= 1);
    }

    @Test
    void sectionsBegunAfterTheCallDoNotHoldIt() throws Exception {
        TasksTraceRcu d = domain();
        AtomicInteger stop = new AtomicInteger();
        java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(3);
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Thread t = new Thread(() -> {
                boolean first = true;
                while (stop.get() == 0) {
                    int k = d.readLock();
                    Thread.onSpinWait();
                    d.readUnlock(k);
                    if (first) {
                        reading.countDown();
                        first = false;
                    }
                }
            });
            readers.add(t);
            t.start();
        }
        try {
            reading.await();
            for (int i = 0; i < 50; i++) {
                d.synchronize();
            }
            d.synchronizeExpedited();
        } finally {
            stop.set(1);
            for (Thread t : readers) {
                t.join();
            }
        }
        assertEquals(51, d.stats().gracePeriodsCompleted());
        assertEquals(3, d.stats().readerThreads());
    }

    @Test
    void nestedSectionsAndInReadSection() {
        TasksTraceRcu d = domain();
        assertFalse(d.inReadSection());
        int a = d.readLock();
        int b = d.readLock();
        assertTrue(d.inReadSection());
        d.readUnlock(b);
        assertTrue(d.inReadSection());
        d.readUnlock(a);
        assertFalse(d.inReadSection());
        d.synchronize();
    }

    @Test
    void synchronizeInsideAReadSectionFailsFast() {
        TasksTraceRcu d = domain();
        int token = d.readLock();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, d::synchronize);
            assertTrue(e.getMessage().contains("inside a read section"), e.getMessage());
            assertThrows(IllegalStateException.class, d::synchronizeExpedited);
        } finally {
            d.readUnlock(token);
        }
        d.synchronize();
    }

    @Test
    void badTokensAreRejectedAndChangeNothing() throws Exception {
        TasksTraceRcu d = domain();
        assertThrows(IllegalArgumentException.class, () -> d.readUnlock(-1));
        assertThrows(IllegalArgumentException.class, () -> d.readUnlock(Integer.MAX_VALUE));
        int token = d.readLock();
        d.readUnlock(token);
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> d.readUnlock(token));
        assertTrue(twice.getMessage().contains("without a matching readLock()"), twice.getMessage());
        // Another thread's token is refused too, and its section stays open.
        int mine = d.readLock();
        AtomicReference<Throwable> other = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                d.readUnlock(mine);
            } catch (Throwable e) {
                other.set(e);
            }
        });
        t.start();
        t.join();
        assertTrue(other.get() instanceof IllegalStateException, String.valueOf(other.get()));
        assertTrue(d.inReadSection());
        d.readUnlock(mine);
        d.synchronize(); // the counters stayed balanced
    }

    @Test
    void callBarrierAndClose() {
        TasksTraceRcu d = TasksTraceRcu.create("trace-close");
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 100; i++) {
            d.call(ran::incrementAndGet);
        }
        d.barrier();
        assertEquals(100, ran.get());
        d.call(ran::incrementAndGet);
        d.close();
        assertEquals(101, ran.get());
        assertThrows(IllegalStateException.class, () -> d.call(ran::incrementAndGet));
        assertThrows(IllegalStateException.class, d::synchronize);
        long c = 0;
        assertTrue(d.pollDone(c));
    }

    @Test
    void aThreadThatDiesInsideASectionIsReportedAsAStall() throws Exception {
        TasksTraceRcu d = TasksTraceRcu.create("trace-stall", Duration.ofMillis(30), Duration.ofMillis(100));
        domains.add(d);
        Thread t = new Thread(d::readLock, "dies-holding-a-section");
        t.start();
        t.join();
        CompletableFuture<Void> gp = Async.run(d::synchronize);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (d.stats().stallWarnings() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(d.stats().stallWarnings() >= 1, d.stats().toString());
        assertFalse(gp.isDone(), "a grace period cannot end while a dead thread holds a section");
        domains.remove(d); // its close() would wait forever; the daemon threads die with the JVM
    }

    @Test
    void badNamesAndDurationsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> TasksTraceRcu.create(""));
        assertThrows(IllegalArgumentException.class, () -> TasksTraceRcu.create("x", Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(NullPointerException.class, () -> TasksTraceRcu.create(null));
    }

    @Test
    void readersOfDeadThreadsArePrunedAndTheirSlotsReused() throws Exception {
        TasksTraceRcu d = domain();
        for (int i = 0; i < 5; i++) {
            Thread t = new Thread(() -> d.readUnlock(d.readLock()));
            t.start();
            t.join();
        }
        d.synchronize();
        assertEquals(0, d.stats().readerThreads());
        d.readUnlock(d.readLock());
        assertEquals(1, d.stats().readerThreads());
    }
}
