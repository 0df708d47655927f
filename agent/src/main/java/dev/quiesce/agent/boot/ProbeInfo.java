package dev.quiesce.agent.boot;

/**
 * A probe as the control API lists it. Counts are racy snapshots of a live version; only a
 * {@link RemovalReport} has final ones.
 *
 * @param name the probe's name
 * @param spec the probe's spec in canonical text form
 * @param version the linked version (1 after add, +1 per swap)
 * @param sites method sites the version is linked to (0 while no matching class is loaded)
 * @param hits handler invocations so far
 * @param errors handler exceptions contained so far
 */
public record ProbeInfo(String name, String spec, int version, int sites, long hits, long errors) {
    @Override
    public String toString() {
        return name + " v" + version + " [" + spec + "]: " + sites + " site(s), " + hits + " hit(s), " + errors
                + " error(s)";
    }
}
