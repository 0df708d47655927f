package dev.quiesce.examples.shop;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * Routes SIGTERM and SIGINT to an action instead of the JVM's default, which exits with status 143 or 130
 * after the shutdown hooks: the service stops in order on its main thread and exits 0.
 *
 * <p>Uses {@code sun.misc.Signal} (module jdk.unsupported) through reflection, since a direct use draws an
 * internal-API warning the build treats as an error. Where it is missing or a signal is reserved (for
 * instance under {@code -Xrs}), that signal keeps the JVM's default and the shutdown hook does the stopping.
 */
final class StopSignals {
    private StopSignals() {}

    /** Installs {@code action} for TERM and INT; returns the signals now handled by it. */
    static List<String> install(Runnable action) {
        List<String> installed = new ArrayList<>();
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Constructor<?> newSignal = signalClass.getConstructor(String.class);
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            Object handler = Proxy.newProxyInstance(StopSignals.class.getClassLoader(), new Class<?>[] {handlerClass},
                    (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "handle" -> {
                                action.run();
                                return null;
                            }
                            case "hashCode" -> {
                                return System.identityHashCode(proxy);
                            }
                            case "equals" -> {
                                return proxy == args[0];
                            }
                            case "toString" -> {
                                return "shop stop signal handler";
                            }
                            default -> throw new UnsupportedOperationException(method.toString());
                        }
                    });
            for (String name : List.of("TERM", "INT")) {
                try {
                    handle.invoke(null, newSignal.newInstance(name), handler);
                    installed.add(name);
                } catch (InvocationTargetException e) {
                    // IllegalArgumentException: reserved by the JVM (-Xrs) or unknown on this platform
                }
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // no sun.misc.Signal: the shutdown hook stops the service
        }
        return installed;
    }
}
