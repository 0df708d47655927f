package dev.quiesce.agent.it;

import java.io.IOException;
import java.io.InputStream;

/** Defines one class from its bytes in a loader of its own (child-first for that name only). */
final class IsolatedLoader extends ClassLoader {
    private final String name;

    IsolatedLoader(Class<?> template) {
        super(template.getClassLoader());
        this.name = template.getName();
    }

    @Override
    protected Class<?> loadClass(String n, boolean resolve) throws ClassNotFoundException {
        if (!n.equals(name)) {
            return super.loadClass(n, resolve);
        }
        synchronized (getClassLoadingLock(n)) {
            Class<?> c = findLoadedClass(n);
            if (c != null) {
                return c;
            }
            try (InputStream in = getParent().getResourceAsStream(n.replace('.', '/') + ".class")) {
                byte[] b = in.readAllBytes();
                return defineClass(n, b, 0, b.length);
            } catch (IOException e) {
                throw new ClassNotFoundException(n, e);
            }
        }
    }
}
