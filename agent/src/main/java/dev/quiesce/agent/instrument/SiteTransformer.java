package dev.quiesce.agent.instrument;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;

/**
 * The agent's class-file transformer (retransformation capable): hands every class the {@link Weaving} is
 * concerned with to it, and everything else back untouched at the cost of one set lookup.
 */
public final class SiteTransformer implements ClassFileTransformer {
    private final Weaving weaving;

    public SiteTransformer(Weaving weaving) {
        this.weaving = weaving;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classFile) {
        if (internalName == null) {
            return null; // hidden classes and lambdas: never probed
        }
        String className = internalName.replace('/', '.');
        if (!weaving.concerns(className)) {
            return null;
        }
        return weaving.weave(module, loader, className, classFile);
    }
}
