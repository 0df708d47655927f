package dev.quiesce.bench;

import org.jboss.byteman.rule.helper.Helper;

/**
 * Reads Byteman's built-in counters, which its rules' {@code incrementCounter} write, in a fork started with
 * Byteman's agent jar (its classes come from that jar, on the system class path; the benchmark jar does not
 * contain them, so only a Byteman fork may touch this class).
 */
final class BytemanCounters extends Helper {
    private BytemanCounters() {
        super(null);
    }

    /** The counter named {@code key}, 0 if no rule has created it. */
    static long read(String key) {
        return new BytemanCounters().readCounter(key);
    }
}
