package dev.quiesce.bench;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.security.ProtectionDomain;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * How agents that instrument by retransformation (Byteman, Arthas, BTrace) add and remove a counter: a plain
 * {@link ClassFileTransformer} that inserts, with ASM, a call to {@link #hit()} at the entry of one method;
 * {@link #instrument} registers it and retransforms the class, {@link #retransformBack} removes it and
 * retransforms the class again, so the JVM restores the original bytes. {@link #hit()} is public because the
 * instrumented class calls it.
 */
public final class RetransformPeer implements ClassFileTransformer {
    /** Entries counted by the inserted call: exact under concurrency, like a quiesce count probe. */
    public static final LongAdder HITS = new LongAdder();

    private static final String HIT_OWNER = Type.getInternalName(RetransformPeer.class);

    private final Instrumentation inst;
    private final Class<?> target;
    private final String internalName;
    private final String method;
    /** Classes this transformer rewrote (each instrumentation rewrites the target once). */
    private final AtomicInteger rewritten = new AtomicInteger();
    private volatile Throwable error;

    RetransformPeer(Instrumentation inst, Class<?> target, String method) {
        if (!inst.isRetransformClassesSupported() || !inst.isModifiableClass(target)) {
            throw new IllegalStateException("this JVM cannot retransform " + target.getName());
        }
        this.inst = inst;
        this.target = target;
        this.internalName = Type.getInternalName(target);
        this.method = method;
    }

    /** Entry hook the instrumented method calls. */
    public static void hit() {
        HITS.increment();
    }

    /** Registers the transformer and retransforms the class: from now on each entry counts. */
    void instrument() throws UnmodifiableClassException {
        int before = rewritten.get();
        inst.addTransformer(this, true);
        inst.retransformClasses(target);
        if (error != null) {
            throw new IllegalStateException("the transformer failed on " + target.getName(), error);
        }
        if (rewritten.get() != before + 1) {
            throw new IllegalStateException("the transformer did not rewrite " + target.getName());
        }
    }

    /** Removes the transformer and retransforms the class back to its original bytes: the measured operation. */
    void retransformBack() throws UnmodifiableClassException {
        if (!inst.removeTransformer(this)) {
            throw new IllegalStateException("the transformer was not registered");
        }
        inst.retransformClasses(target);
    }

    int rewritten() {
        return rewritten.get();
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain domain, byte[] classfileBuffer) {
        if (classBeingRedefined != target) {
            return null;
        }
        try {
            ClassReader reader = new ClassReader(classfileBuffer);
            ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
            reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                        String[] exceptions) {
                    MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                    if (!name.equals(method)) {
                        return mv;
                    }
                    return new MethodVisitor(Opcodes.ASM9, mv) {
                        @Override
                        public void visitCode() {
                            super.visitCode();
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, HIT_OWNER, "hit", "()V", false);
                        }
                    };
                }
            }, 0);
            rewritten.incrementAndGet();
            return writer.toByteArray();
        } catch (Throwable e) {
            error = e;
            return null;
        }
    }

    @Override
    public String toString() {
        return "counter at the entry of " + internalName.replace('/', '.') + "#" + method;
    }
}
