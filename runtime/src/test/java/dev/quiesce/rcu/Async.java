package dev.quiesce.rcu;

import java.util.concurrent.CompletableFuture;

/**
 * Runs a blocking call on a fresh daemon thread. Not the common pool: on two cores it has one worker, and a
 * test that leaves a grace period stuck on purpose would starve every later test's call behind it.
 */
final class Async {
    private Async() {}

    static CompletableFuture<Void> run(Runnable r) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                r.run();
                f.complete(null);
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "test-async");
        t.setDaemon(true);
        t.start();
        return f;
    }
}
