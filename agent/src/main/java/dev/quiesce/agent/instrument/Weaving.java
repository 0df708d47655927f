package dev.quiesce.agent.instrument;

/** The policy behind {@link SiteTransformer}: which classes concern the agent, and how they are woven. */
public interface Weaving {
    /** A fast, lock-free pre-check run for every class that loads or is retransformed. */
    boolean concerns(String className);

    /**
     * The class with its sites, or null to leave it as it is (which, on retransformation, strips every site).
     * Never throws.
     */
    byte[] weave(Module module, ClassLoader loader, String className, byte[] classFile);
}
