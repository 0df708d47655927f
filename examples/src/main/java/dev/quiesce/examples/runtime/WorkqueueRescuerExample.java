package dev.quiesce.examples.runtime;

import dev.quiesce.wq.Work;
import dev.quiesce.wq.Workqueue;
import dev.quiesce.wq.Workqueues;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The rescuer of a {@link Workqueue.Builder#memReclaim() memReclaim} workqueue: the queue's thread factory
 * makes one worker thread and then fails every time (it throws {@code OutOfMemoryError("unable to create
 * native thread")} or returns null, in turn), as when a process has reached its thread limit. The first item
 * blocks that worker until every other item has run; no second worker can be created, so only the rescuer can
 * run them. The example prints how many ran, by whom, and {@link Workqueues#dump()} while the worker is
 * blocked.
 *
 * <p>The queue logs the failed creations as warnings on stderr (one a second at most). Exit status 0 when
 * every item ran exactly once, else 1.
 */
public final class WorkqueueRescuerExample {
    private static final int ITEMS = 200;

    /** Makes its first thread, then fails: an OutOfMemoryError, then null, in turn. */
    static final class ExhaustedThreadFactory implements ThreadFactory {
        final AtomicInteger made = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            if (made.get() >= 1) {
                if (refused.incrementAndGet() % 2 == 1) {
                    throw new OutOfMemoryError("unable to create native thread: possibly out of memory or"
                            + " process/resource limits reached");
                }
                return null;
            }
            made.incrementAndGet();
            Thread t = new Thread(r, "example-worker-" + made.get());
            t.setDaemon(true);
            return t;
        }
    }

    private WorkqueueRescuerExample() {}

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(System.out) ? 0 : 1);
    }

    /** Runs the example, printing its report to {@code out}; true when every check passed. */
    public static boolean run(PrintStream out) throws InterruptedException {
        ExhaustedThreadFactory factory = new ExhaustedThreadFactory();
        Workqueue q = Workqueue.builder("example-reclaim").memReclaim().unbound().threadFactory(factory).build();
        AtomicIntegerArray runs = new AtomicIntegerArray(ITEMS);
        CountDownLatch othersDone = new CountDownLatch(ITEMS - 1);
        CountDownLatch blockerStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        String[] blockerThread = new String[1];
        List<Work> items = new ArrayList<>();
        items.add(new Work("blocker", () -> {
            blockerThread[0] = Thread.currentThread().getName();
            blockerStarted.countDown();
            try {
                release.await(10, TimeUnit.SECONDS); // holds its thread until every other item has run
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            runs.incrementAndGet(0);
        }));
        for (int i = 1; i < ITEMS; i++) {
            int id = i;
            items.add(new Work("item-" + i, () -> {
                runs.incrementAndGet(id);
                othersDone.countDown();
            }));
        }
        boolean ok;
        String dump = "";
        boolean othersRanWhileBlocked;
        try {
            out.printf("Workqueue rescuer example: memReclaim queue \"%s\", %d items; the thread factory makes one"
                    + " thread, then fails%n", q.name(), ITEMS);
            for (Work w : items) {
                q.queue(w);
            }
            boolean started = blockerStarted.await(10, TimeUnit.SECONDS);
            othersRanWhileBlocked = started && othersDone.await(10, TimeUnit.SECONDS) && runs.get(0) == 0;
            if (started) {
                awaitNoneRunning(items.subList(1, ITEMS)); // the last one counted down, but may not have returned
                dump = Workqueues.dump(); // the blocker still holds its thread here
            }
            release.countDown();
            q.flush();
        } finally {
            q.close();
        }
        int ranOnce = 0;
        int ranOther = 0;
        for (int i = 0; i < ITEMS; i++) {
            if (runs.get(i) == 1) {
                ranOnce++;
            } else if (runs.get(i) > 1) {
                ranOther++;
            }
        }
        out.printf("  the factory made %d thread(s) and refused %d time(s); the queue counted %d creation failure(s)%n",
                factory.made.get(), factory.refused.get(), q.workerCreationFailures());
        out.printf("  the blocker ran on %s; while it held that thread, the other %d items %s%n", blockerThread[0],
                ITEMS - 1, othersRanWhileBlocked ? "all ran" : "did NOT all run");
        out.printf("  ran exactly once: %d of %d (more than once: %d); run by the rescuer: %d; failed: %d%n", ranOnce,
                ITEMS, ranOther, q.rescued(), q.itemFailures());
        out.println("  Workqueues.dump() while the blocker held its thread:");
        for (String line : dump.split("\n")) {
            out.println("    " + line);
        }
        ok = ranOnce == ITEMS && othersRanWhileBlocked && q.rescued() > 0 && q.itemFailures() == 0;
        out.println(ok ? "OK: every item ran exactly once although no second worker could be created"
                : "FAILED: see the counts above");
        return ok;
    }

    private static void awaitNoneRunning(List<Work> items) {
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (items.stream().anyMatch(Work::isRunning) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }
}
