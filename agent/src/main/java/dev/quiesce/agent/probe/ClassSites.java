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
}
