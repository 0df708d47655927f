package dev.quiesce.bench;

import java.lang.instrument.Instrumentation;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.utility.JavaModule;

/**
 * The Byte Buddy peer of a count probe, as APM agents instrument a method: an {@code Advice} inlined at the
 * method's entry that increments a static counter, installed by an {@code AgentBuilder} retransformation. The
 * counters are public because the advice's code runs inside the instrumented class.
 */
public final class ByteBuddyPeer {
    /** Hits counted by {@link AdderAdvice}: exact under concurrency, like a quiesce count probe. */
    public static final LongAdder ADDER_HITS = new LongAdder();
    /** Hits counted by {@link PlainAdvice}: a plain {@code long++}, which loses counts under concurrency. */
    public static long plainHits;

    private ByteBuddyPeer() {}

    /** Increments {@link #ADDER_HITS}. */
    public static final class AdderAdvice {
        private AdderAdvice() {}

        @Advice.OnMethodEnter
        static void enter() {
            ADDER_HITS.increment();
        }
    }

    /** Increments {@link #plainHits}. */
    public static final class PlainAdvice {
        private PlainAdvice() {}

        @Advice.OnMethodEnter
        static void enter() {
            plainHits++;
        }
    }

    /**
     * Instruments the methods named {@code methodPrefix}* of {@code className} with {@code advice}, retransforming
     * the class if it is loaded; fails unless exactly one class was transformed without error.
     */
    static void install(String className, String methodPrefix, Class<?> advice) {
        Instrumentation inst = ByteBuddyAgent.install();
        AtomicInteger transformed = new AtomicInteger();
        AtomicReference<Throwable> error = new AtomicReference<>();
        new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(new AgentBuilder.Listener.Adapter() {
                    @Override
                    public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module,
                            boolean loaded, DynamicType dynamicType) {
                        transformed.incrementAndGet();
                    }

                    @Override
                    public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded,
                            Throwable throwable) {
                        error.compareAndSet(null, throwable);
                    }
                })
                .type(ElementMatchers.named(className))
                .transform((builder, type, loader, module, domain) -> builder.visit(
                        Advice.to(advice).on(ElementMatchers.nameStartsWith(methodPrefix))))
                .installOn(inst);
        if (error.get() != null) {
            throw new IllegalStateException("Byte Buddy could not instrument " + className, error.get());
        }
        if (transformed.get() != 1) {
            throw new IllegalStateException("Byte Buddy transformed " + transformed.get() + " class(es) named "
                    + className + ", not 1 (is the class loaded?)");
        }
    }
}
