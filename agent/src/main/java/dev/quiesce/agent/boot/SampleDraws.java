package dev.quiesce.agent.boot;

import dev.quiesce.rcu.ThreadIds;

/**
 * The random draws of sampled timing ({@link SiteTokens#stampOneIn}): xorshift generators in 64 stripes, a
 * thread drawing from the stripe of its id. Not {@code ThreadLocalRandom}: a probe may sit on
 * {@code java.util.Random} or {@code ThreadLocalRandom}, and its entry target would then call itself.
 *
 * <p>Field legend: {@code STATES} stripes are read and written plainly by whichever threads map to them. Two
 * threads of one stripe may race and draw the same value, which costs a sample's independence, never a hit;
 * a 64-bit plain store does not tear on the JVMs the agent supports, and the xorshift of a non-zero state is
 * never zero, so a stripe never sticks at zero.
 */
final class SampleDraws {
    private static final int STRIPES = 64;
    /** Longs per stripe: 128 bytes, so that threads of different stripes never write one cache line. */
    private static final int STRIDE = 16;
    private static final long[] STATES = new long[(STRIPES + 1) * STRIDE];

    static {
        long seed = System.nanoTime() ^ 0x9E3779B97F4A7C15L;
        for (int s = 1; s <= STRIPES; s++) {
            seed += 0x9E3779B97F4A7C15L;
            long z = seed;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L; // SplitMix64's finalizer
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
            STATES[s * STRIDE] = z == 0 ? 1 : z;
        }
    }

    private SampleDraws() {}

    /** True with probability 1/{@code every} ({@code every} >= 1). */
    static boolean oneIn(int every) {
        int i = ((int) ThreadIds.of(Thread.currentThread()) & (STRIPES - 1)) * STRIDE + STRIDE; // past the header
        long x = STATES[i];
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        STATES[i] = x;
        return ((x >>> 32) * every) >>> 32 == 0; // the high 32 bits scaled to [0, every): Lemire's reduction
    }
}
