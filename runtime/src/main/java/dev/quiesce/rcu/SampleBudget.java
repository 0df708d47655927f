package dev.quiesce.rcu;

/**
 * Token bucket limiting stack samples: each costs a handshake (JDK 21+) or a share of a safepoint (JDK 17).
 * GP: used by one grace-period thread.
 */
final class SampleBudget {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;

    SampleBudget(int perSecond, long now) {
        perNano = perSecond / 1e9;
        burst = Math.max(1, perSecond / 10.0);
        tokens = burst;
        last = now;
    }

    /** Takes up to {@code wanted} tokens; returns how many were granted. */
    int take(int wanted, long now) {
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        int granted = (int) Math.min(wanted, Math.floor(tokens));
        tokens -= granted;
        return granted;
    }
}
