package example.counting;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * A second, independent Java agent for the coexistence tests: a retransformation-capable transformer that
 * inserts {@code CountingAgent.hit()} at the entry of one method, with ASM of its own (unrelocated, in its
 * jar). Its argument names the method: {@code com.example.Type#method} (every overload of that name).
 *
 * <p>{@link #hits()} counts the calls the inserted code made, {@link #transforms()} the class files this
 * agent instrumented (at load and at every retransformation, its own or another agent's). A failure inside
 * the transformer is kept in {@link #failure()}, never thrown into the JVM.
 */
public final class CountingAgent {
    private static final AtomicLong HITS = new AtomicLong();
    private static final AtomicLong TRANSFORMS = new AtomicLong();
    private static volatile Instrumentation instrumentation;
    private static volatile String targetClass;
    private static volatile Throwable failure;
    /** Armed by {@link #holdNextRetransformation()}: the next retransformation waits inside the transformer. */
    private static volatile CountDownLatch held;
    private static volatile CountDownLatch release;

    private CountingAgent() {}

    public static void premain(String args, Instrumentation inst) {
        install(args, inst);
    }

    public static void agentmain(String args, Instrumentation inst) {
        install(args, inst);
    }

    private static synchronized void install(String args, Instrumentation inst) {
        int hash = args == null ? -1 : args.indexOf('#');
        if (hash <= 0 || hash == args.length() - 1) {
            throw new IllegalArgumentException("counting agent: expected Type#method, got " + args);
        }
        String type = args.substring(0, hash);
        String method = args.substring(hash + 1);
        inst.addTransformer(new Transformer(type.replace('.', '/'), method), true);
        targetClass = type;
        instrumentation = inst;
        System.out.println("counting agent: counting calls of " + args);
    }

    /** Called by the instrumented method's first instructions. */
    public static void hit() {
        HITS.incrementAndGet();
    }

    public static long hits() {
        return HITS.get();
    }

    public static long transforms() {
        return TRANSFORMS.get();
    }

    public static boolean installed() {
        return instrumentation != null;
    }

    public static Throwable failure() {
        return failure;
    }

    /** Retransforms the target class (which must be loaded), as an agent re-applying its advice would. */
    public static void retransform() throws Exception {
        Instrumentation inst = instrumentation;
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (c.getName().equals(targetClass)) {
                inst.retransformClasses(c);
                return;
            }
        }
        throw new IllegalStateException(targetClass + " is not loaded");
    }

    /**
     * Makes the next retransformation of the target class (by any agent) stop inside this agent's transformer
     * until {@link #release()}: the JVM then holds the class as being redefined by that thread.
     */
    public static void holdNextRetransformation() {
        release = new CountDownLatch(1);
        held = new CountDownLatch(1);
    }

    /** Waits until a retransformation is held inside the transformer; false after the timeout. */
    public static boolean awaitHeld(long timeout, TimeUnit unit) throws InterruptedException {
        return held.await(timeout, unit);
    }

    /** Lets the held retransformation go on. */
    public static void release() {
        release.countDown();
    }

    private static void holdIfArmed() {
        CountDownLatch h = held;
        if (h != null && h.getCount() > 0) {
            h.countDown();
            try {
                if (!release.await(60, TimeUnit.SECONDS)) {
                    System.out.println("counting agent: a held retransformation was not released in 60 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class Transformer implements ClassFileTransformer {
        private final String internalName;
        private final String method;

        Transformer(String internalName, String method) {
            this.internalName = internalName;
            this.method = method;
        }

        @Override
        public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                ProtectionDomain protectionDomain, byte[] classFile) {
            if (!internalName.equals(className)) {
                return null;
            }
            if (classBeingRedefined != null) {
                holdIfArmed();
            }
            try {
                byte[] out = instrument(classFile);
                TRANSFORMS.incrementAndGet();
                return out;
            } catch (Throwable t) {
                failure = t;
                t.printStackTrace();
                return null;
            }
        }

        private byte[] instrument(byte[] classFile) {
            ClassReader reader = new ClassReader(classFile);
            ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
            boolean[] found = {false};
            reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                        String[] exceptions) {
                    MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                    if (!name.equals(method) || (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
                        return mv;
                    }
                    found[0] = true;
                    return new MethodVisitor(Opcodes.ASM9, mv) {
                        @Override
                        public void visitCode() {
                            super.visitCode();
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, Type.getInternalName(CountingAgent.class),
                                    "hit", "()V", false);
                        }
                    };
                }
            }, 0);
            if (!found[0]) {
                throw new IllegalStateException("no method " + method + " in " + internalName);
            }
            return writer.toByteArray();
        }
    }
}
