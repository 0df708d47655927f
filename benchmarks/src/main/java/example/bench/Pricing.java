package example.bench;

import org.openjdk.jmh.annotations.CompilerControl;

/**
 * The method the probe benchmarks instrument (outside {@code dev.quiesce}, which probes refuse), in an inlined
 * and a not-inlined variant with the same body.
 */
public final class Pricing {
    private Pricing() {}

    public static long price(long x) {
        return x * 31 + 7;
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    public static long priceNotInlined(long x) {
        return x * 31 + 7;
    }
}
