package dev.quiesce.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for a removal or swap report, for at most {@link #LIMIT_SECONDS}: a grace period that cannot end (its
 * stall warnings in the fork's output say on which threads) fails the trial instead of hanging the run.
 */
final class Reports {
    static final long LIMIT_SECONDS = 120;

    private Reports() {
    }

    static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no report after " + LIMIT_SECONDS + " s: a grace period did not end (see the "
                    + "stall warnings above)", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the operation failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a report", e);
        }
    }
}
