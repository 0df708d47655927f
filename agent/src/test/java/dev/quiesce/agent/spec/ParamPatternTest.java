package dev.quiesce.agent.spec;

import static dev.quiesce.agent.spec.SpecAssertions.assertSpecError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParamPatternTest {

    @Test
    void primitivesAndSimpleNames() {
        ParamPattern p = ParamPattern.of("(long, String)");
        assertTrue(p.matches("(JLjava/lang/String;)V"));
        assertTrue(p.matches("(JLjava/lang/String;)Ljava/lang/Object;"));
        assertFalse(p.matches("(JLjava/lang/Object;)V"));
        assertFalse(p.matches("(J)V"));
        assertFalse(p.matches("(JLjava/lang/String;I)V"));
        assertFalse(p.matches("(ILjava/lang/String;)V"));
        assertFalse(p.matches("(Ljava/lang/String;J)V"));
    }

    @Test
    void everyPrimitive() {
        ParamPattern p = ParamPattern.of("(boolean, byte, char, short, int, long, float, double)");
        assertTrue(p.matches("(ZBCSIJFD)V"));
        assertFalse(p.matches("(ZBCSIJDF)V"));
        assertFalse(ParamPattern.of("(int)").matches("(Ljava/lang/Integer;)V"));
        assertTrue(ParamPattern.of("(Integer)").matches("(Ljava/lang/Integer;)V"));
        assertFalse(ParamPattern.of("(Integer)").matches("(I)V"));
    }

    @Test
    void simpleNamesMatchAnyPackageQualifiedOnlyTheirOwn() {
        assertTrue(ParamPattern.of("(String)").matches("(Lcom/acme/String;)V"));
        assertTrue(ParamPattern.of("(String)").matches("(LString;)V"));
        assertFalse(ParamPattern.of("(String)").matches("(Ljava/lang/StringBuilder;)V"));
        assertFalse(ParamPattern.of("(String)").matches("(Ljava/lang/MyString;)V"));
        assertTrue(ParamPattern.of("(java.lang.String)").matches("(Ljava/lang/String;)V"));
        assertFalse(ParamPattern.of("(java.lang.String)").matches("(Lcom/acme/String;)V"));
        assertFalse(ParamPattern.of("(lang.String)").matches("(Ljava/lang/String;)V"));
    }

    @Test
    void innerClasses() {
        String descriptor = "(Ljava/util/Map$Entry;)V";
        assertTrue(ParamPattern.of("(Entry)").matches(descriptor));
        assertTrue(ParamPattern.of("(Map$Entry)").matches(descriptor));
        assertTrue(ParamPattern.of("(java.util.Map$Entry)").matches(descriptor));
        assertTrue(ParamPattern.of("(java.util.Map.Entry)").matches(descriptor));
        assertFalse(ParamPattern.of("(Map)").matches(descriptor));
        assertFalse(ParamPattern.of("(Entry)").matches("(Ljava/util/MyEntry;)V"));
    }

    @Test
    void arrays() {
        assertTrue(ParamPattern.of("(int[])").matches("([I)V"));
        assertFalse(ParamPattern.of("(int[])").matches("(I)V"));
        assertFalse(ParamPattern.of("(int[])").matches("([[I)V"));
        assertFalse(ParamPattern.of("(int)").matches("([I)V"));
        assertTrue(ParamPattern.of("(String[][])").matches("([[Ljava/lang/String;)V"));
        assertTrue(ParamPattern.of("(java.lang.String[], long[])").matches("([Ljava/lang/String;[J)V"));
        assertFalse(ParamPattern.of("(String[])").matches("([Ljava/lang/Object;)V"));
    }

    @Test
    void emptyAndOpenEnded() {
        ParamPattern none = ParamPattern.of("()");
        assertTrue(none.matches("()V"));
        assertFalse(none.matches("(I)V"));
        assertEquals(List.of(), none.types());

        ParamPattern rest = ParamPattern.of("(String, ..)");
        assertTrue(rest.isOpenEnded());
        assertTrue(rest.matches("(Ljava/lang/String;)V"));
        assertTrue(rest.matches("(Ljava/lang/String;IJ[Ljava/lang/Object;)V"));
        assertFalse(rest.matches("()V"));
        assertFalse(rest.matches("(ILjava/lang/String;)V"));

        ParamPattern any = ParamPattern.of("(..)");
        assertTrue(any.matches("()V"));
        assertTrue(any.matches("(IJ)V"));
        assertEquals("(..)", any.text());
    }

    @Test
    void canonicalTextAndEquality() {
        ParamPattern spaced = ParamPattern.of("(  long ,String[] ,  .. )");
        assertEquals("(long, String[], ..)", spaced.text());
        assertEquals(List.of("long", "String[]"), spaced.types());
        assertEquals(ParamPattern.of("(long, String[], ..)"), spaced);
        assertEquals(ParamPattern.of("(long, String[], ..)").hashCode(), spaced.hashCode());
        assertFalse(ParamPattern.of("(long)").equals(ParamPattern.of("(long, ..)")));
        assertEquals("()", ParamPattern.of("( )").text());
    }

    @Test
    void malformedDescriptorsAreRefused() {
        ParamPattern p = ParamPattern.of("(int)");
        for (String bad : List.of("", "I", "(I", "(I)", "(Q)V", "(L;)V", "(Ljava/lang/String)V", "([)V")) {
            assertThrows(IllegalArgumentException.class, () -> p.matches(bad), bad);
        }
    }

    @Test
    void badLists() {
        assertSpecError(() -> ParamPattern.of("long"), 1, 1, "starts with '('");
        assertSpecError(() -> ParamPattern.of("(long"), 1, 1, "never closed");
        assertSpecError(() -> ParamPattern.of("(long)x"), 1, 7, "unexpected text after the parameter list");
        assertSpecError(() -> ParamPattern.of("(long,,String)"), 1, 7, "empty parameter type");
        assertSpecError(() -> ParamPattern.of("(long, )"), 1, 8, "empty parameter type");
        assertSpecError(() -> ParamPattern.of("(.., int)"), 1, 2, "\"..\" must be the last parameter");
        assertSpecError(() -> ParamPattern.of("(long String)"), 1, 6, "unexpected space");
        assertSpecError(() -> ParamPattern.of("(int[)"), 1, 6, "expected ']'");
        assertSpecError(() -> ParamPattern.of("(int[]x)"), 1, 7, "unexpected 'x' after parameter type");
        assertSpecError(() -> ParamPattern.of("(java.lang.*)"), 1, 12, "wildcards are not allowed");
        assertSpecError(() -> ParamPattern.of("(String...)"), 1, 8, "write String[] for a varargs parameter");
        assertSpecError(() -> ParamPattern.of("(void)"), 1, 2, "void is not a parameter type");
        assertSpecError(() -> ParamPattern.of("(java..String)"), 1, 7, "empty package segment");
        assertSpecError(() -> ParamPattern.of("(java.lang.)"), 1, 11, "cannot end with '.'");
        assertSpecError(() -> ParamPattern.of("(1nt)"), 1, 2, "unexpected '1'");
        assertSpecError(() -> ParamPattern.of("([])"), 1, 2, "missing type name");
    }
}
