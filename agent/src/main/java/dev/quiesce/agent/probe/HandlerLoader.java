package dev.quiesce.agent.probe;

import dev.quiesce.agent.boot.ProbeHandler;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads an operator's {@link ProbeHandler} named by a spec's {@code handler=} (and {@code jar=}).
 *
 * <p>With a jar, each probe version gets a class loader of its own over that jar, whose parent is the platform
 * loader: the handler sees the JDK and the agent's boot API ({@code dev.quiesce.agent.boot}), nothing of the
 * application and nothing of another probe. The loader is closed once the version's grace period has ended,
 * and then nothing of the agent refers to it, so it and the handler's classes can be collected. Without a jar
 * the class comes from the application's class path (the system class loader), which the agent does not own.
 *
 * <p>The handler is created, and its class initialized, here, before it is linked: a class initialization that
 * waited for another thread inside a handler would look like a quiescent state (docs/memory-ordering.md).
 */
final class HandlerLoader {
    private HandlerLoader() {}

    /** A loaded handler and the loader to close after its version's grace period (null: nothing to close). */
    record Loaded(ProbeHandler handler, URLClassLoader loader) {}

    /**
     * @throws IllegalArgumentException naming the jar or class and what is wrong with it; nothing is left open
     */
    static Loaded load(String probeName, String className, String jar) {
        URLClassLoader loader = null;
        ClassLoader from = ClassLoader.getSystemClassLoader();
        if (jar != null) {
            Path p = Path.of(jar);
            if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                throw new IllegalArgumentException("handler jar " + jar + " is not a readable file");
            }
            try {
                loader = new URLClassLoader("quiesce-probe-" + probeName, new URL[] {p.toUri().toURL()},
                        ClassLoader.getPlatformClassLoader());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("handler jar " + jar + ": " + e.getMessage(), e);
            }
            from = loader;
        }
        try {
            Class<?> c = Class.forName(className, true, from);
            if (!ProbeHandler.class.isAssignableFrom(c)) {
                throw new IllegalArgumentException("handler class " + className + " does not implement "
                        + ProbeHandler.class.getName());
            }
            Constructor<?> ctor = c.getConstructor();
            return new Loaded((ProbeHandler) ctor.newInstance(), loader);
        } catch (ClassNotFoundException e) {
            close(loader);
            throw new IllegalArgumentException("handler class " + className + " not found "
                    + (jar != null ? "in " + jar : "on the application's class path (give its jar with jar=)"), e);
        } catch (NoSuchMethodException e) {
            close(loader);
            throw new IllegalArgumentException("handler class " + className + " has no public no-argument "
                    + "constructor", e);
        } catch (InvocationTargetException | ExceptionInInitializerError e) {
            close(loader);
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException("handler class " + className + " failed to start: " + cause, e);
        } catch (ReflectiveOperationException | LinkageError | IllegalArgumentException e) {
            close(loader);
            if (e instanceof IllegalArgumentException iae && iae.getMessage().startsWith("handler class")) {
                throw iae;
            }
            throw new IllegalArgumentException("handler class " + className + " cannot be loaded: " + e, e);
        }
    }

    static void close(URLClassLoader loader) {
        if (loader != null) {
            try {
                loader.close();
            } catch (IOException e) {
                // the jar stays open until the loader is collected; nothing else depends on it
            }
        }
    }
}
