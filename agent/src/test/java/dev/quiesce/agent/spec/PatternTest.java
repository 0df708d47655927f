package dev.quiesce.agent.spec;

import static dev.quiesce.agent.spec.SpecAssertions.assertSpecError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PatternTest {

    @Test
    void singleStarStaysWithinAPackageSegment() {
        ClassPattern p = ClassPattern.of("com.example.*");
        assertTrue(p.matches("com.example.Foo"));
        assertTrue(p.matches("com.example."), "* may match an empty run");
        assertFalse(p.matches("com.example.sub.Foo"));
        assertFalse(p.matches("com.examples.Foo"));
        assertFalse(p.matches("com.example"));
    }

    @Test
    void doubleStarCrossesPackageSegments() {
        ClassPattern p = ClassPattern.of("com.example.**");
        assertTrue(p.matches("com.example.Foo"));
        assertTrue(p.matches("com.example.sub.deeper.Foo"));
        assertFalse(p.matches("com.examples.Foo"));
        assertFalse(p.matches("org.example.Foo"));
    }

    @Test
    void starsInTheMiddle() {
        ClassPattern twoStars = ClassPattern.of("com.**.Foo");
        assertTrue(twoStars.matches("com.a.Foo"));
        assertTrue(twoStars.matches("com.a.b.c.Foo"));
        assertFalse(twoStars.matches("com.Foo"), "** is a run between two literal dots, so at least one segment");
        assertFalse(twoStars.matches("com.a.FooBar"));

        ClassPattern oneStar = ClassPattern.of("com.*.Foo");
        assertTrue(oneStar.matches("com.a.Foo"));
        assertFalse(oneStar.matches("com.a.b.Foo"));
        assertFalse(oneStar.matches("com.Foo"));

        ClassPattern service = ClassPattern.of("com.example.*Service");
        assertTrue(service.matches("com.example.Service"));
        assertTrue(service.matches("com.example.OrderService"));
        assertFalse(service.matches("com.example.OrderServiceImpl"));
        assertFalse(service.matches("com.example.impl.OrderService"));
    }

    @Test
    void starAloneMatchesOnlyTheDefaultPackage() {
        assertTrue(ClassPattern.of("*").matches("Main"));
        assertFalse(ClassPattern.of("*").matches("a.Main"));
        assertTrue(ClassPattern.of("**").matches("a.b.Main"));
        assertTrue(ClassPattern.of("**").matches("Main"));
    }

    @Test
    void nestedClassesUseDollarWhichStarsCross() {
        assertTrue(ClassPattern.of("com.example.Api$Inner").matches("com.example.Api$Inner"));
        assertFalse(ClassPattern.of("com.example.Api$Inner").matches("com.example.Api"));
        assertTrue(ClassPattern.of("com.example.Api*").matches("com.example.Api$Inner"));
        assertTrue(ClassPattern.of("com.example.*$Inner").matches("com.example.Api$Inner"));
        assertTrue(ClassPattern.of("com.example.Api$*").matches("com.example.Api$1"));
        assertFalse(ClassPattern.of("com.example.Api$*").matches("com.example.Api"));
    }

    @Test
    void exactness() {
        assertTrue(ClassPattern.of("com.example.Checkout").isExact());
        assertFalse(ClassPattern.of("com.example.*").isExact());
        assertTrue(MethodPattern.of("price").isExact());
        assertFalse(MethodPattern.of("get*").isExact());
        assertTrue(ClassPattern.of("a.B").matches("a.B"));
        assertFalse(ClassPattern.of("a.B").matches("a.Bc"));
    }

    @Test
    void methodStarMatchesAnyRunButNeverConstructors() {
        MethodPattern handle = MethodPattern.of("handle*");
        assertTrue(handle.matches("handle"));
        assertTrue(handle.matches("handleRequest"));
        assertFalse(handle.matches("doHandle"));
        MethodPattern getName = MethodPattern.of("get*Name");
        assertTrue(getName.matches("getName"));
        assertTrue(getName.matches("getFirstName"));
        assertFalse(getName.matches("getNames"));
        MethodPattern all = MethodPattern.of("*");
        assertTrue(all.matches("run"));
        assertTrue(all.matches("lambda$main$0"));
        assertFalse(all.matches("<init>"));
        assertFalse(all.matches("<clinit>"));
    }

    @Test
    void pathologicalPatternsFinishFast() {
        String as = "a".repeat(200_000);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertFalse(MethodPattern.of("*a*a*a*a*a*b").matches(as));
            assertTrue(MethodPattern.of("*a*a*a*a*a*a").matches(as));
            assertFalse(ClassPattern.of("*a*a*a*a*a*b").matches(as));
            assertFalse(ClassPattern.of("**a**a**a**a**a**b").matches(as));
            String dotted = "a.".repeat(50_000) + "a";
            assertFalse(ClassPattern.of("**a*a*a*a*a.b").matches(dotted));
            assertTrue(ClassPattern.of("**a.*a.**a").matches(dotted));
        });
    }

    @Test
    void equalityAndText() {
        assertEquals(ClassPattern.of("com.*.Foo"), ClassPattern.of("com.*.Foo"));
        assertEquals(ClassPattern.of("com.*.Foo").hashCode(), ClassPattern.of("com.*.Foo").hashCode());
        assertNotEquals(ClassPattern.of("com.*.Foo"), ClassPattern.of("com.**.Foo"));
        assertEquals("com.*.Foo", ClassPattern.of("com.*.Foo").text());
        assertEquals("com.*.Foo", ClassPattern.of("com.*.Foo").toString());
        assertEquals(MethodPattern.of("get*"), MethodPattern.of("get*"));
        assertNotEquals(MethodPattern.of("get*"), MethodPattern.of("set*"));
        assertEquals("get*", MethodPattern.of("get*").text());
    }

    @Test
    void badClassPatterns() {
        assertSpecError(() -> ClassPattern.of(""), 1, 1, "empty class pattern");
        assertSpecError(() -> ClassPattern.of("com.***.Foo"), 1, 5, "bad glob \"***\"");
        assertSpecError(() -> ClassPattern.of("com.****"), 1, 5, "bad glob \"****\"");
        assertSpecError(() -> ClassPattern.of("com..Foo"), 1, 5, "empty package segment");
        assertSpecError(() -> ClassPattern.of(".com.Foo"), 1, 1, "cannot start with '.'");
        assertSpecError(() -> ClassPattern.of("com.Foo."), 1, 8, "cannot end with '.'");
        assertSpecError(() -> ClassPattern.of("com/example/Foo"), 1, 4, "not '/'");
        assertSpecError(() -> ClassPattern.of("com.Foo-Bar"), 1, 8, "unexpected '-' in class pattern");
        assertSpecError(() -> ClassPattern.of("com.Foo?"), 1, 8, "unexpected '?'");
    }

    @Test
    void badMethodPatterns() {
        assertSpecError(() -> MethodPattern.of(""), 1, 1, "empty method pattern");
        assertSpecError(() -> MethodPattern.of("<init>"), 1, 1, "constructors cannot be probed yet");
        assertSpecError(() -> MethodPattern.of("<clinit>"), 1, 1, "static initializers (<clinit>) cannot be probed yet");
        assertSpecError(() -> MethodPattern.of("get**"), 1, 4, "bad glob \"**\"");
        assertSpecError(() -> MethodPattern.of("a.b"), 1, 2, "unexpected '.' in method pattern");
    }
}
