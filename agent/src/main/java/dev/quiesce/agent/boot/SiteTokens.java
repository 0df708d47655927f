package dev.quiesce.agent.boot;

/**
 * The {@code long} an entry site hands to the exit sites of the same invocation.
 *
 * <p>A token is {@code 0} when no timing probe was linked at entry; otherwise its top 16 bits name the
 * <em>timing epoch</em> of the entry target that stamped it (1..65535) and its low 47 bits hold
 * {@code System.nanoTime()} (39 hours of range; elapsed times are taken modulo 2^47). An exit handler only
 * measures a token stamped by its own epoch: an invocation that entered before a relink changed the timing
 * probes is counted as unpaired instead of being attributed to a version that did not see its entry.
 *
 * <p>Bit 47 marks an invocation the entry target chose not to time ({@link #stampOneIn}): it belongs to the
 * epoch like a stamped one, but carries no clock reading.
 */
public final class SiteTokens {
    public static final int EPOCH_SHIFT = 48;
    public static final long UNTIMED = 1L << 47;
    public static final long TIME_MASK = UNTIMED - 1;
    public static final int MAX_EPOCH = 0xFFFF;

    private SiteTokens() {}

    /** The entry stamp of a timing epoch. Linked into entry targets with the epoch bound. */
    public static long stamp(int epoch) {
        return ((long) epoch << EPOCH_SHIFT) | (System.nanoTime() & TIME_MASK);
    }

    /**
     * The entry stamp of a timing epoch whose probes time one invocation in {@code every} (chosen at random,
     * so that no pattern of calls lines up with the choice; {@link SampleDraws}); the others get an untimed
     * token of the epoch, without reading the clock.
     */
    public static long stampOneIn(int epoch, int every) {
        if (!SampleDraws.oneIn(every)) {
            return ((long) epoch << EPOCH_SHIFT) | UNTIMED;
        }
        return stamp(epoch);
    }

    /** True if {@code token} holds a clock reading (stamped, and not marked untimed). */
    public static boolean timed(long token) {
        return token != 0 && (token & UNTIMED) == 0;
    }

    /** True if {@code token} was stamped by an entry target of {@code epoch}. */
    public static boolean stampedBy(long token, int epoch) {
        return (token >>> EPOCH_SHIFT) == epoch;
    }

    /** Nanoseconds since {@code token} was stamped. */
    public static long elapsedNanos(long token) {
        return (System.nanoTime() - token) & TIME_MASK;
    }

    /** The epoch after {@code epoch}, skipping 0 (which means "not stamped"). */
    public static int nextEpoch(int epoch) {
        return epoch >= MAX_EPOCH ? 1 : epoch + 1;
    }
}
