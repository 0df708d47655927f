package dev.quiesce.agent.instrument;

import dev.quiesce.agent.boot.MethodSite;
import dev.quiesce.agent.boot.Sites;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test support: a class woven with a site on every weavable method, defined by a loader of its own. */
final class WovenClass {
    final Class<?> type;
    final Map<String, MethodSite> sites;

    private WovenClass(Class<?> type, Map<String, MethodSite> sites) {
        this.type = type;
        this.sites = sites;
    }

    static WovenClass of(Class<?> original) throws IOException, ClassNotFoundException {
        byte[] bytes = bytesOf(original);
        Map<String, MethodSite> sites = new LinkedHashMap<>();
        byte[] woven = ClassWeaver.weave(bytes, new SiteChooser() {
            @Override
            public MethodSite siteFor(String methodName, String descriptor, int access) {
                MethodSite s = Sites.register(original.getName(), methodName, descriptor, Modifier.isStatic(access));
                sites.put(methodName, s);
                return s;
            }

            @Override
            public void methodsSeen(List<String> methodKeys) {}
        });
        ClassLoader loader = new ClassLoader(WovenClass.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(original.getName())) {
                    synchronized (getClassLoadingLock(name)) {
                        Class<?> c = findLoadedClass(name);
                        return c != null ? c : defineClass(name, woven, 0, woven.length);
                    }
                }
                return super.loadClass(name, resolve);
            }
        };
        return new WovenClass(loader.loadClass(original.getName()), sites);
    }

    static byte[] bytesOf(Class<?> c) throws IOException {
        try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }
}
