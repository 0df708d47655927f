package dev.quiesce.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.agent.boot.MethodSite;
import dev.quiesce.agent.boot.SiteLines;
import dev.quiesce.agent.instrument.fixtures.Target;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

class ClassWeaverTest {
    /** What the test handlers saw: "entry [args]", "return value token", "throw exception token". */
    static final List<String> EVENTS = new CopyOnWriteArrayList<>();
    /** Lines of the instrumented frame seen from inside handlers. */
    static final List<Integer> LINES = new CopyOnWriteArrayList<>();

    static void entry(Object[] args) {
        EVENTS.add("entry " + Arrays.deepToString(args));
        LINES.add(callerLine());
    }

    static void exit(String kind, Object value, long token) {
        EVENTS.add(kind + " " + value + " " + token);
        LINES.add(callerLine());
    }

    /** The line of the first Target frame on the stack. */
    static int callerLine() {
        for (StackTraceElement e : new Throwable().getStackTrace()) {
            if (e.getClassName().equals(Target.class.getName())) {
                return e.getLineNumber();
            }
        }
        return -1;
    }

    private static final MethodHandle ENTRY;
    private static final MethodHandle EXIT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            ENTRY = l.findStatic(ClassWeaverTest.class, "entry", MethodType.methodType(void.class, Object[].class));
            EXIT = l.findStatic(ClassWeaverTest.class, "exit",
                    MethodType.methodType(void.class, String.class, Object.class, long.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Links recording handlers; the entry returns {@code token}. */
    static void linkRecorders(MethodSite s, long token) {
        MethodType et = s.entryType();
        MethodHandle rec = ENTRY.asCollector(Object[].class, et.parameterCount()).asType(et.changeReturnType(void.class));
        MethodHandle entry = MethodHandles.foldArguments(
                MethodHandles.dropArguments(MethodHandles.constant(long.class, token), 0, et.parameterList()), rec);
        MethodHandle ret = MethodHandles.insertArguments(EXIT, 0, "return");
        if (s.returnType().parameterCount() == 1) {
            ret = MethodHandles.insertArguments(ret, 0, (Object) null);
        }
        MethodHandle thr = MethodHandles.insertArguments(EXIT, 0, "throw");
        s.link(s.adapt(entry, ret, thr), 0);
    }

    @Test
    void everySiteFiresWithArgumentsValuesAndTheToken() throws Exception {
        WovenClass w = WovenClass.of(Target.class);
        w.sites.values().forEach(s -> linkRecorders(s, 7));
        Object t = w.type.getConstructor().newInstance();
        EVENTS.clear();
        assertEquals(8, call(w, t, "add", 5, "abc"));
        assertEquals(List.of("entry [" + t + ", 5, abc]", "return 8 7"), EVENTS);

        EVENTS.clear();
        assertEquals(42L, call(w, null, "twice", 21L));
        assertEquals(List.of("entry [21]", "return 42 7"), EVENTS);

        EVENTS.clear();
        call(w, t, "nothing");
        assertEquals(List.of("entry [" + t + "]", "return null 7"), EVENTS);

        EVENTS.clear();
        assertEquals(1.0 + 2 + 1 + 'a', call(w, null, "mixed", 1.0, 2L, new Object[] {"x"}, true, 'a'));
        assertEquals("entry [1.0, 2, [x], true, a]", EVENTS.get(0));
    }

    @Test
    void exceptionsReachTheThrowSiteAndStillPropagate() throws Exception {
        WovenClass w = WovenClass.of(Target.class);
        w.sites.values().forEach(s -> linkRecorders(s, 9));
        Object t = w.type.getConstructor().newInstance();
        EVENTS.clear();
        InvocationTargetException e = assertThrows(InvocationTargetException.class,
                () -> call(w, t, "failIfNegative", -1));
        assertTrue(e.getCause() instanceof IllegalArgumentException);
        assertEquals(List.of("entry [" + t + ", -1]", "throw " + e.getCause() + " 9"), EVENTS);
    }

    @Test
    void theMethodsOwnHandlersTakePrecedence() throws Exception {
        WovenClass w = WovenClass.of(Target.class);
        w.sites.values().forEach(s -> linkRecorders(s, 1));
        Object t = w.type.getConstructor().newInstance();
        EVENTS.clear();
        assertEquals(2, call(w, t, "catchesOwn", 0));
        assertEquals(List.of("entry [" + t + ", 0]", "return 2 1"), EVENTS);
    }

    @Test
    void unlinkedSitesAreNoOpsAndRelinkingTakesEffect() throws Exception {
        WovenClass w = WovenClass.of(Target.class);
        Object t = w.type.getConstructor().newInstance();
        EVENTS.clear();
        assertEquals(4, call(w, t, "add", 1, "abc"));
        assertTrue(EVENTS.isEmpty());
        MethodSite add = w.sites.get("add");
        linkRecorders(add, 3);
        call(w, t, "add", 1, "abc");
        assertEquals(2, EVENTS.size());
        add.unlink();
        assertTrue(add.isIdle());
        call(w, t, "add", 1, "abc");
        assertEquals(2, EVENTS.size());
        assertEquals(3, call(w, t, "calls"));
    }

    @Test
    void siteCallsRunUnderTheMarkerLineAndTheMethodKeepsItsOwnLines() throws Exception {
        WovenClass w = WovenClass.of(Target.class);
        w.sites.values().forEach(s -> linkRecorders(s, 1));
        Object t = w.type.getConstructor().newInstance();
        LINES.clear();
        int own = (int) call(w, t, "ownLine");
        assertEquals(List.of(SiteLines.MARKER, SiteLines.MARKER), LINES);
        int expected = new Target().ownLine();
        assertEquals(expected, own);
        LINES.clear();
        assertThrows(InvocationTargetException.class, () -> call(w, t, "failIfNegative", -5));
        assertEquals(List.of(SiteLines.MARKER, SiteLines.MARKER), LINES);
        // an exception's stack trace shows the throwing line, not the marker
        try {
            call(w, t, "failIfNegative", -5);
        } catch (InvocationTargetException e) {
            StackTraceElement top = e.getCause().getStackTrace()[0];
            assertEquals("failIfNegative", top.getMethodName());
            assertTrue(top.getLineNumber() > 0 && top.getLineNumber() < SiteLines.MARKER, top.toString());
        }
    }

    @Test
    void wovenClassesPassTheVerifier() throws Exception {
        byte[] woven = ClassWeaver.weave(WovenClass.bytesOf(Target.class), new SiteChooser() {
            @Override
            public MethodSite siteFor(String methodName, String descriptor, int access) {
                return dev.quiesce.agent.boot.Sites.register(Target.class.getName(), methodName, descriptor,
                        (access & org.objectweb.asm.Opcodes.ACC_STATIC) != 0);
            }

            @Override
            public void methodsSeen(List<String> methodKeys) {
                assertTrue(methodKeys.contains("add(ILjava/lang/String;)I"), methodKeys.toString());
                assertTrue(methodKeys.stream().noneMatch(k -> k.startsWith("<")), methodKeys.toString());
            }
        });
        StringWriter out = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(woven), ClassWeaverTest.class.getClassLoader(), false,
                new PrintWriter(out));
        assertEquals("", out.toString());
    }

    @Test
    void aClassWithNoChosenMethodIsLeftAlone() throws Exception {
        List<String> seen = new ArrayList<>();
        assertNull(ClassWeaver.weave(WovenClass.bytesOf(Target.class), new SiteChooser() {
            @Override
            public MethodSite siteFor(String methodName, String descriptor, int access) {
                return null;
            }

            @Override
            public void methodsSeen(List<String> methodKeys) {
                seen.addAll(methodKeys);
            }
        }));
        assertTrue(seen.contains("loop(I)I"));
    }

    @Test
    void classFilesOlderThanJava7AreRefusedWithAReason() throws Exception {
        byte[] old = WovenClass.bytesOf(Target.class);
        old[6] = 0;
        old[7] = 50; // Java 6
        UnsupportedClassException e = assertThrows(UnsupportedClassException.class,
                () -> ClassWeaver.weave(old, new SiteChooser() {
                    @Override
                    public MethodSite siteFor(String methodName, String descriptor, int access) {
                        return dev.quiesce.agent.boot.Sites.register("x", methodName, descriptor, false);
                    }

                    @Override
                    public void methodsSeen(List<String> methodKeys) {}
                }));
        assertTrue(e.getMessage().contains("older than Java 7"), e.getMessage());
    }

    @Test
    void siteTypesAreErased() throws Exception {
        WovenClass w = WovenClass.of(Target.class);
        MethodSite add = w.sites.get("add");
        assertEquals(MethodType.methodType(long.class, Object.class, int.class, Object.class), add.entryType());
        assertEquals(MethodType.methodType(void.class, int.class, long.class), add.returnType());
        assertEquals("dev.quiesce.agent.instrument.fixtures.Target.add(int, String)", add.toString());
        MethodSite mixed = w.sites.get("mixed");
        assertEquals(MethodType.methodType(long.class, double.class, long.class, Object.class, boolean.class,
                char.class), mixed.entryType());
        assertSame(null, w.sites.get("<init>"));
    }

    private static Object call(WovenClass w, Object target, String name, Object... args) throws Exception {
        for (Method m : w.type.getMethods()) {
            if (m.getName().equals(name)) {
                return m.invoke(target, args);
            }
        }
        throw new NoSuchMethodException(name);
    }
}
