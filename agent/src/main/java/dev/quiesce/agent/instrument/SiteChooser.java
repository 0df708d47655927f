package dev.quiesce.agent.instrument;

import dev.quiesce.agent.boot.MethodSite;
import java.util.List;

/** Decides, while a class is woven, which of its methods get sites. */
public interface SiteChooser {
    /**
     * The site for a method, existing or new, or null to leave the method alone. Called only for methods that
     * can carry sites (not abstract, native, bridge, synthetic, constructor or initializer).
     */
    MethodSite siteFor(String methodName, String descriptor, int access);

    /** Every method of the class that could carry a site, as {@code name + descriptor}, once per weave. */
    void methodsSeen(List<String> methodKeys);
}
