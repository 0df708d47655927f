package dev.quiesce.agent.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SafeFormatTest {
    /** Application code the formatter must never run. */
    static final class Hostile extends Number {
        private static final long serialVersionUID = 1L;

        @Override
        public String toString() {
            throw new AssertionError("application code ran inside a handler");
        }

        @Override
        public int intValue() {
            throw new AssertionError();
        }

        @Override
        public long longValue() {
            throw new AssertionError();
        }

        @Override
        public float floatValue() {
            throw new AssertionError();
        }

        @Override
        public double doubleValue() {
            throw new AssertionError();
        }
    }

    @Test
    void valuesOfJdkTypesAreShownAndApplicationObjectsAreNeverAsked() {
        assertEquals("\"abc\"", SafeFormat.render("abc"));
        assertEquals("42", SafeFormat.render(42));
        assertEquals("2.5", SafeFormat.render(2.5d));
        assertEquals("'x'", SafeFormat.render('x'));
        assertEquals("true", SafeFormat.render(true));
        assertEquals("null", SafeFormat.render(null));
        assertEquals("TimeUnit.SECONDS", SafeFormat.render(TimeUnit.SECONDS));
        assertEquals("int[3]", SafeFormat.render(new int[3]));
        assertEquals("java.lang.IllegalStateException: boom", SafeFormat.render(new IllegalStateException("boom")));
        String hostile = SafeFormat.render(new Hostile());
        assertTrue(hostile.startsWith(Hostile.class.getName() + "@"), hostile);
    }

    @Test
    void textIsCutToTheBudget() {
        StringBuilder b = new StringBuilder();
        assertTrue(SafeFormat.append(b, "ab", 10));
        assertFalse(SafeFormat.append(b, "a very long string", 10));
        assertEquals(10, b.length());
        assertTrue(b.toString().endsWith("..."), b.toString());
        assertFalse(SafeFormat.append(b, 1, 10));
        assertEquals(10, b.length());
    }
}
