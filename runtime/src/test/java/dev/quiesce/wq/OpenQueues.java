package dev.quiesce.wq;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;

/**
 * The queues a test built, closed after it: each close must return within 20 s, so a test whose race left a
 * pool corrupted (an item nobody will run) fails in its teardown instead of hanging the build.
 */
final class OpenQueues {
    private final List<Workqueue> queues = new ArrayList<>();

    Workqueue open(Workqueue.Builder b) {
        Workqueue q = b.build();
        queues.add(q);
        return q;
    }

    void closeAll() {
        for (Workqueue q : queues) {
            assertReturns(q::close, "close()", q);
        }
    }

    /** Runs {@code call} on a daemon thread and fails, with {@code q}'s state, if it takes 20 s. */
    static void assertReturns(Runnable call, String what, Workqueue q) {
        Thread caller = new Thread(call, what);
        caller.setDaemon(true);
        caller.start();
        try {
            caller.join(20_000);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertFalse(caller.isAlive(), what + " did not return: " + q.describe());
    }
}
