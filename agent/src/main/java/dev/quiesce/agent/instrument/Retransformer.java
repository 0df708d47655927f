package dev.quiesce.agent.instrument;

import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Retransforms classes in small batches with a pause between them, so that no single retransformation (a
 * safepoint that deoptimizes what depends on the classes) stalls a service for long.
 */
public final class Retransformer {
    /** Classes per batch, and the pause between batches, for retransformations that may be spread out. */
    public static final int PACED_BATCH = 16;
    public static final long PACE_NANOS = 1_000_000;

    private final Instrumentation inst;
    private final int batchSize;
    private final long pauseNanos;

    public Retransformer(Instrumentation inst, int batchSize, long pauseNanos) {
        if (batchSize < 1 || pauseNanos < 0) {
            throw new IllegalArgumentException("batchSize >= 1 and pauseNanos >= 0 required");
        }
        this.inst = inst;
        this.batchSize = batchSize;
        this.pauseNanos = pauseNanos;
    }

    /**
     * Retransforms {@code classes}, running {@code afterBatch} after each batch that succeeded. A batch that
     * fails is not applied (the JVM retransforms all of a batch or none of it) and ends the call.
     *
     * @throws IllegalStateException naming the batch's classes and the JVM's reason
     */
    public void retransform(List<Class<?>> classes, Runnable afterBatch) {
        for (int i = 0; i < classes.size(); i += batchSize) {
            if (i > 0 && pauseNanos > 0) {
                LockSupport.parkNanos(pauseNanos);
            }
            List<Class<?>> batch = classes.subList(i, Math.min(classes.size(), i + batchSize));
            try {
                inst.retransformClasses(batch.toArray(new Class<?>[0]));
            } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
                throw new IllegalStateException("retransforming " + names(batch) + " failed: " + e, e);
            }
            afterBatch.run();
        }
    }

    public void retransform(List<Class<?>> classes) {
        retransform(classes, () -> {});
    }

    private static String names(List<Class<?>> batch) {
        StringBuilder b = new StringBuilder();
        for (Class<?> c : batch) {
            if (b.length() > 200) {
                return b.append(", ... (").append(batch.size()).append(" classes)").toString();
            }
            b.append(b.length() == 0 ? "" : ", ").append(c.getName());
        }
        return b.toString();
    }
}
