package dev.quiesce.agent.probe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sites of one class (one class name in one class loader), and the methods it was last seen to have.
 * All state is L (the manager's lock).
 */
final class ClassSites {
    private final String className;
    private final Map<String, LinkedSite> sites = new LinkedHashMap<>();
    /** Weavable methods as {@code name + descriptor}, from the last weave; null before any. */
    private List<String> methods;
    /** When the strip scan first found every site idle ({@code System.nanoTime()}), or 0 while any is linked. */
    private long idleSince;

    ClassSites(String className) {
        this.className = className;
    }

    String className() {
        return className;
    }

    LinkedSite site(String methodKey) {
        return sites.get(methodKey);
    }

    Map<String, LinkedSite> sites() {
        return sites;
    }

    List<String> methods() {
        return methods;
    }

    void methods(List<String> m) {
        methods = List.copyOf(m);
    }

    /** True if no site of the class has a probe linked. */
    boolean allIdle() {
        for (LinkedSite ls : sites.values()) {
            if (!ls.versions().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The strip scan's view at {@code now}: nanoseconds every site has been idle (0 if one is linked). The
     * first scan that finds the class idle starts the clock, so a class is stripped between one and one and a
     * half idle periods after its last probe went.
     */
    long idleFor(long now) {
        if (!allIdle()) {
            idleSince = 0;
            return 0;
        }
        if (idleSince == 0) {
            idleSince = now;
        }
        return now - idleSince;
    }
}
