package dev.quiesce.agent;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;

/**
 * The agent's own class loader: defines classes from a jar held in memory (the tooling jar nested in the
 * agent jar). Parent-first to the platform loader, so it sees the JDK and the bootstrap-appended boot jar and
 * nothing of the application.
 */
final class NestedJarClassLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final Map<String, byte[]> classes = new HashMap<>();
    private final ProtectionDomain domain;

    NestedJarClassLoader(byte[] jar, ClassLoader parent) {
        super("quiesce-agent", parent);
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            for (JarEntry e; (e = in.getNextJarEntry()) != null; ) {
                if (e.getName().endsWith(".class")) {
                    String name = e.getName().substring(0, e.getName().length() - 6).replace('/', '.');
                    classes.put(name, in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the agent's tooling jar is unreadable", e);
        }
        // Without a class loader in it: a thread started while agent code is on the stack keeps the stack's
        // protection domains (Thread.inheritedAccessControlContext) for its whole life, and a domain that named
        // this loader would keep it, and every class of the agent, from being collected after a detach.
        this.domain = new ProtectionDomain(new CodeSource(
                AgentEntry.class.getProtectionDomain().getCodeSource().getLocation(),
                (java.security.cert.Certificate[]) null), null);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] b;
        synchronized (classes) {
            b = classes.get(name);
        }
        if (b == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, b, 0, b.length, domain);
    }

    @Override
    public InputStream getResourceAsStream(String name) {
        InputStream in = super.getResourceAsStream(name);
        if (in == null && name.endsWith(".class")) {
            byte[] b;
            synchronized (classes) {
                b = classes.get(name.substring(0, name.length() - 6).replace('/', '.'));
            }
            return b == null ? null : new ByteArrayInputStream(b);
        }
        return in;
    }
}
