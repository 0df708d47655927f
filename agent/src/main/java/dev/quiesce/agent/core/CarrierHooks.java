package dev.quiesce.agent.core;

import dev.quiesce.agent.boot.CarrierHookState;
import dev.quiesce.agent.instrument.CarrierHookWeaver;
import dev.quiesce.rcu.Quiescence;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * Installs the carrier hooks in {@code java.lang.VirtualThread} on JDK 21+ (see {@link CarrierHookWeaver}):
 * a transformer that stays registered while the agent runs (a later retransformation of the class by anyone
 * starts from its original bytes, and must get the hooks again), and one retransformation if the class is
 * loaded already. On JDK 17 there are no virtual threads and nothing is installed.
 *
 * <p>{@code woven} is written by the transforming thread and read by the installing one after
 * {@code retransformClasses} returns (the same thread) or after class loading (a happens-before edge).
 */
final class CarrierHooks implements ClassFileTransformer {
    private final Instrumentation inst;
    private volatile boolean woven;
    private volatile String failure;

    private CarrierHooks(Instrumentation inst) {
        this.inst = inst;
    }

    /** The installed hooks, or null on a JDK without virtual threads. */
    static CarrierHooks install(Instrumentation inst) {
        if (Runtime.version().feature() < 21) {
            return null;
        }
        Quiescence.isOffline(); // the registry is initialized before a hook can first run inside VirtualThread
        CarrierHooks h = new CarrierHooks(inst);
        inst.addTransformer(h, true);
        try {
            Class<?> vt = Class.forName("java.lang.VirtualThread", false, null);
            if (CarrierHookState.wovenVolatile()) {
                h.woven = true; // left woven by an earlier agent's detach: no redefinition needed
            } else if (!h.woven && inst.isModifiableClass(vt)) {
                inst.retransformClasses(vt);
            }
        } catch (Exception | LinkageError e) {
            h.failure = String.valueOf(e);
        }
        return h;
    }

    boolean isWoven() {
        return woven;
    }

    /** Why the hooks are not in place, or null. */
    String failure() {
        return woven ? null : failure != null ? failure : "java.lang.VirtualThread was not woven";
    }

    /**
     * Unregisters the transformer and leaves {@code VirtualThread} as it is, hooks included (see
     * {@link CarrierHookState}). A later retransformation of the class by anyone starts from its original
     * bytes and drops them; the next agent then weaves them again.
     */
    void uninstall() {
        inst.removeTransformer(this);
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
            ProtectionDomain pd, byte[] classFile) {
        if (loader != null || !CarrierHookWeaver.VIRTUAL_THREAD.equals(className)) {
            return null;
        }
        try {
            byte[] b = CarrierHookWeaver.weave(classFile);
            woven = true;
            CarrierHookState.setWovenVolatile(true);
            return b;
        } catch (RuntimeException | LinkageError e) {
            failure = String.valueOf(e);
            return null;
        }
    }
}
