package dev.quiesce.agent.probe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every class the agent has woven, by class loader and name. L (the manager's lock), except
 * {@link #mayHave(String)}, which the transformer asks first, without the lock, for every class that loads.
 *
 * <p>Loaders are held weakly: a class loader that is collected takes its classes' entries with it (its
 * {@code MethodSite}s stay in the process-wide table, with no-op targets).
 */
final class SiteCatalog {
    private final Map<ClassLoader, Map<String, ClassSites>> byLoader = new WeakHashMap<>();
    private final Map<String, ClassSites> bootstrap = new HashMap<>();
    /** Names of every class ever woven, in any loader: a racy pre-check, never shrinks while attached. */
    private final Set<String> names = ConcurrentHashMap.newKeySet();

    boolean mayHave(String className) {
        return names.contains(className);
    }

    ClassSites get(ClassLoader loader, String className) {
        Map<String, ClassSites> m = loader == null ? bootstrap : byLoader.get(loader);
        return m == null ? null : m.get(className);
    }

    ClassSites getOrCreate(ClassLoader loader, String className) {
        Map<String, ClassSites> m = loader == null ? bootstrap : byLoader.computeIfAbsent(loader, k -> new HashMap<>());
        names.add(className);
        return m.computeIfAbsent(className, ClassSites::new);
    }

    /** Every class entry, for linking a new probe to existing sites. */
    List<ClassSites> all() {
        List<ClassSites> out = new ArrayList<>(bootstrap.values());
        for (Map<String, ClassSites> m : byLoader.values()) {
            out.addAll(m.values());
        }
        return out;
    }

    /** Forgets one class (its name stays in the racy pre-check, which may say yes too often). */
    void remove(ClassLoader loader, String className) {
        Map<String, ClassSites> m = loader == null ? bootstrap : byLoader.get(loader);
        if (m != null) {
            m.remove(className);
        }
    }

    /** Puts back an entry {@link #remove} took (a strip that failed). */
    void restore(ClassLoader loader, ClassSites cs) {
        (loader == null ? bootstrap : byLoader.computeIfAbsent(loader, k -> new HashMap<>()))
                .put(cs.className(), cs);
    }

    void clear() {
        byLoader.clear();
        bootstrap.clear();
        names.clear();
    }
}
