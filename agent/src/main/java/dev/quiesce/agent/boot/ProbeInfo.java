package dev.quiesce.agent.boot;

/**
 * A probe as the control API lists it. Counts are racy snapshots of a live version; only a
 * {@link RemovalReport} has final ones.
 *
 * @param name the probe's name
 * @param spec the probe's spec in canonical text form
 * @param action the action: count, hist, capture, stack or handler
 * @param version the linked version (1 after add, +1 per swap)
 * @param sites method sites the version is linked to (0 while no matching class is loaded)
 * @param hits handler invocations so far
 * @param errors handler exceptions contained so far
 * @param budgetMicros the probe's own overhead budget in microseconds of handler time per second, 0 for none
 * @param costMicrosPerSecond the handler time measured at the last budget check (once a second), in
 *        microseconds per second; -1 when the probe is not metered (no budget applies) or not measured yet
 */
public record ProbeInfo(String name, String spec, String action, int version, int sites, long hits, long errors,
        long budgetMicros, double costMicrosPerSecond) {
    @Override
    public String toString() {
        return name + " v" + version + " [" + spec + "]: " + sites + " site(s), " + hits + " hit(s), " + errors
                + " error(s)";
    }
}
