package dev.quiesce.examples;

/**
 * What the examples protect with a grace period: a numbered resource that readers use and that is closed once
 * replaced and past a grace period. A reader that finds it closed has caught a grace period ending too early.
 */
public final class VersionedResource implements AutoCloseable {
    /** Which replacement this is (0 for the first). */
    public final long version;
    /** Set by {@link #close()}; read by readers at the end of their read section. */
    public volatile boolean closed;

    public VersionedResource(long version) {
        this.version = version;
    }

    @Override
    public void close() {
        closed = true;
    }
}
