package dev.quiesce.wq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DedicatedWorkerTest {
    @Test
    void runsItemsInOrderOnItsOneThread() {
        try (DedicatedWorker w = DedicatedWorker.start("dw-order")) {
            List<Integer> order = Collections.synchronizedList(new ArrayList<>());
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < 500; i++) {
                int n = i;
                w.queue(new Work("i" + i, () -> {
                    order.add(n);
                    threads.add(Thread.currentThread());
                    if (n % 100 == 0) {
                        WorkqueueTest.sleep(2); // a blocked item does not start another thread
                    }
                }));
            }
            w.flush();
            assertEquals(1, threads.size());
            for (int i = 0; i < 500; i++) {
                assertEquals(i, order.get(i));
            }
        }
    }

    @Test
    void itsThreadExistsBeforeAnyItemAndCreationFailureFailsTheStart() {
        AtomicInteger made = new AtomicInteger();
        DedicatedWorker w = DedicatedWorker.start("dw-made", r -> {
            made.incrementAndGet();
            return new Thread(r, "dw-made-thread");
        });
        assertEquals(1, made.get());
        Work item = new Work("x", () -> { });
        w.queue(item);
        w.flush(item);
        w.close();
        assertEquals(1, made.get(), "nothing created after the start");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DedicatedWorker.start("dw-fails",
                r -> {
                    throw new OutOfMemoryError("unable to create native thread");
                }));
        assertTrue(e.getMessage().contains("dw-fails"), e.getMessage());
        assertTrue(Workqueues.open().stream().noneMatch(q -> q.name().equals("dw-fails")));
    }

    /**
     * Seed 004: a release path runs while it holds the lock of a pool whose every worker is blocked on that
     * lock, and no worker can be created. Handing the release to a dedicated worker completes it.
     */
    @Test
    void seed004ReleaseUnderAPoolsLockCompletesOnTheDedicatedWorker() throws Exception {
        AtomicInteger created = new AtomicInteger();
        Workqueue pool = Workqueue.builder("seed004-pool").unbound().maxActive(4).threadFactory(r -> {
            if (created.incrementAndGet() > 2) {
                throw new OutOfMemoryError("unable to create native thread");
            }
            Thread t = new Thread(r, "seed004-worker-" + created.get());
            t.setDaemon(true);
            return t;
        }).build();
        Object poolLock = new Object();
        CountDownLatch released = new CountDownLatch(1);
        try (DedicatedWorker release = DedicatedWorker.start("seed004-release")) {
            synchronized (poolLock) {
                // Every worker of the pool blocks on the lock the release path holds.
                for (int i = 0; i < 4; i++) {
                    pool.queue(new Work("needs-lock-" + i, () -> {
                        synchronized (poolLock) {
                            Thread.onSpinWait();
                        }
                    }));
                }
                WorkqueueTest.sleep(20);
                // The release itself must not need that pool: queue it on the dedicated worker, wait for it.
                Work r = new Work("release", released::countDown);
                release.queue(r);
                release.flush(r);
                assertEquals(0, released.getCount());
            }
            pool.flush();
        } finally {
            pool.close();
        }
    }
}
