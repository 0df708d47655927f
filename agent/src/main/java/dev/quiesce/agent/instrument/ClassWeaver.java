package dev.quiesce.agent.instrument;

import dev.quiesce.agent.boot.MethodSite;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Weaves the sites a {@link SiteChooser} asks for into one class file. Returns null when no method gets a
 * site, so the class stays as it was (on retransformation that strips every site).
 */
public final class ClassWeaver {
    static final int API = Opcodes.ASM9;
    /** invokedynamic needs class files of Java 7 (major 51) or later. */
    static final int MIN_MAJOR = 51;

    private ClassWeaver() {}

    /** True if a method with these modifiers and name can carry sites. */
    static boolean weavable(int access, String name) {
        return (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE
                | Opcodes.ACC_SYNTHETIC)) == 0 && name.charAt(0) != '<';
    }

    /** The class's major version, from its header. */
    static int majorVersion(byte[] classFile) {
        return ((classFile[6] & 0xFF) << 8) | (classFile[7] & 0xFF);
    }

    /**
     * The woven class, or null if nothing was woven.
     *
     * @throws UnsupportedClassException if the class file predates invokedynamic
     */
    public static byte[] weave(byte[] classFile, SiteChooser chooser) {
        ClassReader reader = new ClassReader(classFile);
        Map<String, Integer> firstLines = firstLines(reader);
        List<String> keys = new ArrayList<>(firstLines.keySet());
        chooser.methodsSeen(keys);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        boolean[] woven = {false};
        reader.accept(new ClassVisitor(API, writer) {
            private String owner;

            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                    String[] interfaces) {
                owner = name;
                super.visit(version, access, name, signature, superName, interfaces);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (!weavable(access, name)) {
                    return mv;
                }
                MethodSite site = chooser.siteFor(name, descriptor, access);
                if (site == null) {
                    return mv;
                }
                if (majorVersion(classFile) < MIN_MAJOR) {
                    throw new UnsupportedClassException(owner.replace('/', '.') + " is a class file of version "
                            + majorVersion(classFile) + ", older than Java 7: its methods cannot call "
                            + "invokedynamic sites");
                }
                woven[0] = true;
                return new SiteWeaver(API, mv, access, name, descriptor, owner, site,
                        firstLines.getOrDefault(name + descriptor, -1));
            }
        }, ClassReader.EXPAND_FRAMES);
        return woven[0] ? writer.toByteArray() : null;
    }

    /** For each weavable method, {@code name + descriptor} to its first line number (-1 if it has none). */
    private static Map<String, Integer> firstLines(ClassReader reader) {
        Map<String, Integer> lines = new HashMap<>();
        reader.accept(new ClassVisitor(API) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                if (!weavable(access, name)) {
                    return null;
                }
                String key = name + descriptor;
                lines.put(key, -1);
                return new MethodVisitor(API) {
                    @Override
                    public void visitLineNumber(int line, Label start) {
                        if (lines.get(key) < 0) {
                            lines.put(key, line);
                        }
                    }
                };
            }
        }, ClassReader.SKIP_FRAMES);
        return lines;
    }
}
