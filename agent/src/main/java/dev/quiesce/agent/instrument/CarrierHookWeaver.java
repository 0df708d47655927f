package dev.quiesce.agent.instrument;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Weaves the carrier hooks into {@code java.lang.VirtualThread} (JDK 21+): at each normal exit of
 * {@code mount()} (running as the virtual thread) {@code Quiescence.carrierMount(this.carrierThread, this)},
 * so sampling a busy carrier samples its virtual thread; at each normal exit of {@code unmount()} (running as
 * the carrier again) {@code Quiescence.carrierUnmount()}, the carrier's quiescent state. Plain ASM, no frames
 * to add (straight-line calls before returns), {@code COMPUTE_MAXS} only.
 */
public final class CarrierHookWeaver {
    public static final String VIRTUAL_THREAD = "java/lang/VirtualThread";
    private static final String QUIESCENCE = "dev/quiesce/rcu/Quiescence";

    private CarrierHookWeaver() {}

    /**
     * The woven class.
     *
     * @throws UnsupportedClassException if {@code mount()}, {@code unmount()} or the carrier field is missing
     *         (a JDK whose virtual threads work differently): nothing is then woven
     */
    public static byte[] weave(byte[] virtualThreadClass) {
        ClassReader reader = new ClassReader(virtualThreadClass);
        boolean[] found = new boolean[3]; // mount, unmount, carrierThread field
        reader.accept(new ClassVisitor(ClassWeaver.API) {
            @Override
            public org.objectweb.asm.FieldVisitor visitField(int access, String name, String descriptor,
                    String signature, Object value) {
                if (name.equals("carrierThread") && descriptor.equals("Ljava/lang/Thread;")) {
                    found[2] = true;
                }
                return null;
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                if (descriptor.equals("()V") && (access & Opcodes.ACC_STATIC) == 0) {
                    found[0] |= name.equals("mount");
                    found[1] |= name.equals("unmount");
                }
                return null;
            }
        }, ClassReader.SKIP_CODE);
        if (!found[0] || !found[1] || !found[2]) {
            throw new UnsupportedClassException("java.lang.VirtualThread has no mount()/unmount()/carrierThread "
                    + "of the expected shape; carrier hooks are not installed");
        }
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new ClassVisitor(ClassWeaver.API, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (!descriptor.equals("()V") || (access & Opcodes.ACC_STATIC) != 0) {
                    return mv;
                }
                if (name.equals("mount")) {
                    return new ExitHook(mv, true);
                }
                if (name.equals("unmount")) {
                    return new ExitHook(mv, false);
                }
                return mv;
            }
        }, 0);
        return writer.toByteArray();
    }

    /** Calls the hook before every {@code return} of a void method. */
    private static final class ExitHook extends MethodVisitor {
        private final boolean mount;

        ExitHook(MethodVisitor mv, boolean mount) {
            super(ClassWeaver.API, mv);
            this.mount = mount;
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode == Opcodes.RETURN) {
                if (mount) {
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                    super.visitFieldInsn(Opcodes.GETFIELD, VIRTUAL_THREAD, "carrierThread", "Ljava/lang/Thread;");
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, QUIESCENCE, "carrierMount",
                            "(Ljava/lang/Thread;Ljava/lang/Thread;)V", false);
                } else {
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, QUIESCENCE, "carrierUnmount", "()V", false);
                }
            }
            super.visitInsn(opcode);
        }
    }
}
