package example.bench;

/**
 * The method {@code RemovalVsRetransformBench} instruments and then uninstruments while busy threads call it
 * nonstop (outside {@code dev.quiesce}, which probes refuse): quiesce links and removes a probe on it, the peer
 * adds a counter call at its entry with a {@code ClassFileTransformer} and retransforms the class back.
 */
public final class Tariff {
    private Tariff() {}

    public static long rate(long x) {
        return (x ^ (x >>> 13)) * 31 + 7;
    }
}
