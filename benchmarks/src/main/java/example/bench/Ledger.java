package example.bench;

import org.openjdk.jmh.annotations.CompilerControl;

/**
 * The method {@code PeerProbeCostBench} instruments with quiesce and with its peers (outside
 * {@code dev.quiesce}, which probes refuse): a few arithmetic operations on a field, in an inlined and a
 * not-inlined variant with the same body. Byteman's rules for it are in {@code src/peers/peer-count.btm}.
 */
public final class Ledger {
    private long balance;

    public long post(long amount) {
        long b = balance + amount;
        balance = b;
        return (b ^ (b >>> 17)) * 31 + 7;
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    public long postNotInlined(long amount) {
        long b = balance + amount;
        balance = b;
        return (b ^ (b >>> 17)) * 31 + 7;
    }
}
