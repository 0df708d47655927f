package dev.quiesce.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.BasicVerifier;
import org.objectweb.asm.tree.MethodNode;

class CarrierHookWeaverTest {
    @Test
    void mountAndUnmountCallTheHooksBeforeEveryReturn() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+");
        byte[] original = Files.readAllBytes(FileSystems.getFileSystem(URI.create("jrt:/"))
                .getPath("modules", "java.base", "java/lang/VirtualThread.class"));
        byte[] woven = CarrierHookWeaver.weave(original);
        assertEquals(returns(original, "mount"), calls(woven, "mount", "carrierMount"));
        assertEquals(returns(original, "unmount"), calls(woven, "unmount", "carrierUnmount"));
        assertTrue(returns(original, "unmount") >= 1);
        assertEquals(0, calls(woven, "runContinuation", "carrierUnmount"));
        ClassNode node = new ClassNode();
        new ClassReader(woven).accept(node, 0);
        for (MethodNode m : node.methods) {
            new Analyzer<>(new BasicVerifier()).analyze(node.name, m); // throws on malformed code
        }
    }

    @Test
    void aClassWithoutTheExpectedShapeIsRefused() throws Exception {
        byte[] notVirtualThread = WovenClass.bytesOf(dev.quiesce.agent.instrument.fixtures.Target.class);
        UnsupportedClassException e = assertThrows(UnsupportedClassException.class,
                () -> CarrierHookWeaver.weave(notVirtualThread));
        assertTrue(e.getMessage().contains("carrier hooks are not installed"), e.getMessage());
    }

    private static int returns(byte[] c, String method) {
        return count(c, method, new int[1], counter -> new MethodVisitor(Opcodes.ASM9) {
            @Override
            public void visitInsn(int opcode) {
                if (opcode == Opcodes.RETURN) {
                    counter[0]++;
                }
            }
        });
    }

    private static int calls(byte[] c, String method, String hook) {
        return count(c, method, new int[1], counter -> new MethodVisitor(Opcodes.ASM9) {
            @Override
            public void visitMethodInsn(int op, String owner, String name, String descriptor, boolean itf) {
                if (owner.equals("dev/quiesce/rcu/Quiescence") && name.equals(hook)) {
                    counter[0]++;
                }
            }
        });
    }

    /** Runs the visitor {@code counting} makes over {@code method()V} of class {@code c}; returns its count. */
    private static int count(byte[] c, String method, int[] counter,
            java.util.function.Function<int[], MethodVisitor> counting) {
        new ClassReader(c).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int a, String name, String d, String s, String[] e) {
                return name.equals(method) && d.equals("()V") ? counting.apply(counter) : null;
            }
        }, 0);
        return counter[0];
    }
}
