package dev.quiesce.agent.instrument;

import dev.quiesce.agent.boot.MethodSite;
import dev.quiesce.agent.boot.SiteLines;
import dev.quiesce.agent.boot.Sites;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.AdviceAdapter;

/**
 * Weaves the three site calls into one method: the entry site before the body, the return site before each
 * return instruction (with the value), the throw site in a catch-all handler around the whole body, listed
 * last in the exception table so the method's own handlers keep precedence.
 *
 * <p>Each site call sequence runs under {@link SiteLines#MARKER}, the method's own line restored after it.
 * The token lives in a new local; frames are the method's own (read expanded) plus one, for the handler,
 * which holds only the parameters and the token. No class is loaded to weave.
 */
final class SiteWeaver extends AdviceAdapter {
    static final Handle BOOTSTRAP = new Handle(Opcodes.H_INVOKESTATIC, Type.getInternalName(Sites.class),
            "bootstrap", Sites.BOOTSTRAP_DESCRIPTOR, false);

    private final MethodSite site;
    private final String ownerInternalName;
    private final int firstLine;
    private final Label bodyStart = new Label();
    private int token = -1;
    /** The line of the last original line-number entry visited, -1 before any. */
    private int currentLine = -1;

    SiteWeaver(int api, MethodVisitor mv, int access, String name, String descriptor, String ownerInternalName,
            MethodSite site, int firstLine) {
        super(api, mv, access, name, descriptor);
        this.site = site;
        this.ownerInternalName = ownerInternalName;
        this.firstLine = firstLine;
    }

    @Override
    protected void onMethodEnter() {
        marker();
        if (!site.isStatic()) {
            loadThis();
        }
        loadArgs();
        invokeDynamic(Sites.ENTRY, site.entryType().toMethodDescriptorString(), BOOTSTRAP, site.id());
        token = newLocal(Type.LONG_TYPE);
        storeLocal(token);
        restoreLine(firstLine);
        visitLabel(bodyStart);
    }

    @Override
    protected void onMethodExit(int opcode) {
        if (opcode == ATHROW) {
            return; // exceptional exits are caught by the handler woven in visitMaxs
        }
        marker();
        if (opcode == LRETURN || opcode == DRETURN) {
            dup2();
        } else if (opcode != RETURN) {
            dup();
        }
        loadLocal(token);
        invokeDynamic(Sites.RETURN, site.returnType().toMethodDescriptorString(), BOOTSTRAP, site.id());
        restoreLine(currentLine >= 0 ? currentLine : firstLine);
    }

    @Override
    public void visitLineNumber(int line, Label start) {
        currentLine = line;
        super.visitLineNumber(line, start);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        Label bodyEnd = new Label();
        Label handler = new Label();
        visitLabel(bodyEnd);
        visitLabel(handler);
        Type[] args = Type.getArgumentTypes(methodDesc);
        Object[] locals = new Object[args.length + (site.isStatic() ? 0 : 1)];
        int i = 0;
        if (!site.isStatic()) {
            locals[i++] = ownerInternalName;
        }
        for (Type t : args) {
            locals[i++] = frameType(t);
        }
        visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[] {"java/lang/Throwable"});
        marker();
        dup();
        loadLocal(token);
        invokeDynamic(Sites.THROW, site.throwType().toMethodDescriptorString(), BOOTSTRAP, site.id());
        throwException();
        visitTryCatchBlock(bodyStart, bodyEnd, handler, "java/lang/Throwable");
        super.visitMaxs(maxStack, maxLocals);
    }

    private void marker() {
        Label l = new Label();
        visitLabel(l);
        super.visitLineNumber(SiteLines.MARKER, l);
    }

    /** Ends a site's marker range: the method's own line, or 0 for a method compiled without line numbers. */
    private void restoreLine(int line) {
        Label l = new Label();
        visitLabel(l);
        super.visitLineNumber(Math.max(line, 0), l);
    }

    private static Object frameType(Type t) {
        switch (t.getSort()) {
            case Type.BOOLEAN:
            case Type.BYTE:
            case Type.CHAR:
            case Type.SHORT:
            case Type.INT:
                return Opcodes.INTEGER;
            case Type.LONG:
                return Opcodes.LONG;
            case Type.FLOAT:
                return Opcodes.FLOAT;
            case Type.DOUBLE:
                return Opcodes.DOUBLE;
            default:
                return t.getInternalName();
        }
    }
}
