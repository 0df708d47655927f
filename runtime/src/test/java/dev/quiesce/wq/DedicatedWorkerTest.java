package dev.quiesce.wq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
     * Seed 004: a release path that runs while it holds a pool's lock (here the monitor of a queue's
     * {@link WorkerPool}, which its workers take to start any item) must not bounce through that pool, or it waits
     * for itself. First the control: the release queued on the pool itself does not run while the path holds the
     * lock, though the pool has an idle worker (it runs once the lock is let go). Then the fix: the release queued
     * on a dedicated worker completes under the lock.
     */
    @Test
    void seed004ReleaseUnderAPoolsLockCompletesOnTheDedicatedWorker() throws Exception {
        Workqueue pool = Workqueue.builder("seed004-pool").unbound().build();
        try (DedicatedWorker releaser = DedicatedWorker.start("seed004-release")) {
            Work warmUp = new Work("warm-up", () -> { });
            pool.queue(warmUp);
            warmUp.flush();
            WorkqueueTest.waitUntil(() -> pool.describe().contains(" active=0") && !pool.describe().contains(" idle=0"));
            WorkerPool target = pool.pools()[0];
            CountDownLatch releasedOnPool = new CountDownLatch(1);
            CountDownLatch releasedOnDedicated = new CountDownLatch(1);
            boolean poolReleasedUnderLock;
            synchronized (target) {
                // The control: bounced to the pool whose lock this path holds.
                pool.queue(new Work("release-on-pool", releasedOnPool::countDown));
                poolReleasedUnderLock = releasedOnPool.await(300, java.util.concurrent.TimeUnit.MILLISECONDS);
                // The fix: a dedicated worker, whose thread needs no lock this path may hold.
                Work release = new Work("release-on-dedicated", releasedOnDedicated::countDown);
                releaser.queue(release);
                releaser.flush(release);
                assertEquals(0, releasedOnDedicated.getCount());
            }
            assertFalse(poolReleasedUnderLock, "the pool's worker ran an item while another thread held its lock");
            WorkqueueTest.await(releasedOnPool); // the lock let go, the pool's worker runs it
        } finally {
            pool.close();
        }
    }
}
