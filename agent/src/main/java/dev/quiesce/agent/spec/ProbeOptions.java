package dev.quiesce.agent.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * How often a probe acts and how much it may cost.
 *
 * <p>Design: every bound has a safe default, so a spec only names what it changes. "Unlimited" for
 * {@link #ratePerSecond()} and {@link #limit()} is {@link #UNLIMITED} (0), never a huge number, so that
 * callers test for it rather than compare against it. The canonical constructor checks every range and
 * throws {@link SpecException} (without a position); the parsers check first, with one.
 *
 * @param sampleEvery   act on one hit in this many (1: every hit): capture and stack record one hit in this many,
 *                      a histogram times one invocation in this many (at random) and counts every one
 * @param ratePerSecond at most this many actions per second, or {@link #UNLIMITED}
 * @param limit         at most this many captured events in all, or {@link #UNLIMITED}
 * @param maxBytes      bound on one captured event, {@value #MIN_MAX_BYTES} to {@value #MAX_MAX_BYTES}
 * @param stackDepth    frames per stack sample, 1 to {@value #MAX_STACK_DEPTH}
 * @param sleepable     a handler runs inside a TasksTraceRcu read section and may block (handlers only)
 * @param force         allow probing the agent's own classes and fragile JDK internals
 * @param maxClasses    refuse a pattern that matches more loaded classes than this
 * @param errorLimit    handler exceptions before the probe is disabled
 * @param budgetMicros  handler time the probe may cost, in microseconds per second of wall time, before it is
 *                      disabled; {@link #UNLIMITED} for none
 */
public record ProbeOptions(int sampleEvery, long ratePerSecond, long limit, int maxBytes, int stackDepth,
                           boolean sleepable, boolean force, int maxClasses, int errorLimit, long budgetMicros) {
    /** The value of {@link #ratePerSecond()} and {@link #limit()} that means no bound. */
    public static final long UNLIMITED = 0;
    public static final int DEFAULT_MAX_BYTES = 1024;
    public static final int MIN_MAX_BYTES = 16;
    public static final int MAX_MAX_BYTES = 1_048_576;
    public static final int DEFAULT_STACK_DEPTH = 32;
    public static final int MAX_STACK_DEPTH = 1024;
    public static final int DEFAULT_MAX_CLASSES = 100;
    public static final int DEFAULT_ERROR_LIMIT = 100;

    /**
     * Every hit, no rate bound, no limit, 1024 bytes, 32 frames, not sleepable, not forced, 100 classes,
     * 100 errors.
     */
    public static final ProbeOptions DEFAULT = new ProbeOptions(1, UNLIMITED, UNLIMITED, DEFAULT_MAX_BYTES,
            DEFAULT_STACK_DEPTH, false, false, DEFAULT_MAX_CLASSES, DEFAULT_ERROR_LIMIT, UNLIMITED);

    /** A probe without an overhead budget ({@link #budgetMicros()} unlimited). */
    public ProbeOptions(int sampleEvery, long ratePerSecond, long limit, int maxBytes, int stackDepth,
                        boolean sleepable, boolean force, int maxClasses, int errorLimit) {
        this(sampleEvery, ratePerSecond, limit, maxBytes, stackDepth, sleepable, force, maxClasses, errorLimit,
                UNLIMITED);
    }

    public ProbeOptions {
        Origin at = Origin.none("ProbeOptions");
        OptionKey.SAMPLE.checkRange("sampleEvery", sampleEvery, at);
        if (ratePerSecond != UNLIMITED) {
            OptionKey.RATE.checkRange("ratePerSecond", ratePerSecond, at);
        }
        if (limit != UNLIMITED) {
            OptionKey.LIMIT.checkRange("limit", limit, at);
        }
        OptionKey.MAX_BYTES.checkRange("maxBytes", maxBytes, at);
        OptionKey.DEPTH.checkRange("stackDepth", stackDepth, at);
        OptionKey.MAX_CLASSES.checkRange("maxClasses", maxClasses, at);
        OptionKey.ERRORS.checkRange("errorLimit", errorLimit, at);
        if (budgetMicros != UNLIMITED) {
            OptionKey.BUDGET.checkRange("budgetMicros", budgetMicros, at);
        }
    }

    public boolean hasBudget() {
        return budgetMicros != UNLIMITED;
    }

    public boolean isRateLimited() {
        return ratePerSecond != UNLIMITED;
    }

    public boolean hasLimit() {
        return limit != UNLIMITED;
    }

    public ProbeOptions withSampleEvery(int value) {
        return new ProbeOptions(value, ratePerSecond, limit, maxBytes, stackDepth, sleepable, force, maxClasses,
                errorLimit, budgetMicros);
    }

    public ProbeOptions withRatePerSecond(long value) {
        return new ProbeOptions(sampleEvery, value, limit, maxBytes, stackDepth, sleepable, force, maxClasses,
                errorLimit, budgetMicros);
    }

    public ProbeOptions withLimit(long value) {
        return new ProbeOptions(sampleEvery, ratePerSecond, value, maxBytes, stackDepth, sleepable, force,
                maxClasses, errorLimit, budgetMicros);
    }

    public ProbeOptions withMaxBytes(int value) {
        return new ProbeOptions(sampleEvery, ratePerSecond, limit, value, stackDepth, sleepable, force, maxClasses,
                errorLimit, budgetMicros);
    }

    public ProbeOptions withStackDepth(int value) {
        return new ProbeOptions(sampleEvery, ratePerSecond, limit, maxBytes, value, sleepable, force, maxClasses,
                errorLimit, budgetMicros);
    }

    public ProbeOptions withSleepable(boolean value) {
        return new ProbeOptions(sampleEvery, ratePerSecond, limit, maxBytes, stackDepth, value, force, maxClasses,
                errorLimit, budgetMicros);
    }

    public ProbeOptions withForce(boolean value) {
        return new ProbeOptions(sampleEvery, ratePerSecond, limit, maxBytes, stackDepth, sleepable, value,
                maxClasses, errorLimit, budgetMicros);
    }

    public ProbeOptions withMaxClasses(int value) {
        return new ProbeOptions(sampleEvery, ratePerSecond, limit, maxBytes, stackDepth, sleepable, force, value,
                errorLimit, budgetMicros);
    }

    public ProbeOptions withErrorLimit(int value) {
        return new ProbeOptions(sampleEvery, ratePerSecond, limit, maxBytes, stackDepth, sleepable, force,
                maxClasses, value, budgetMicros);
    }

    public ProbeOptions withBudgetMicros(long value) {
        return new ProbeOptions(sampleEvery, ratePerSecond, limit, maxBytes, stackDepth, sleepable, force,
                maxClasses, errorLimit, value);
    }

    /**
     * The options that differ from {@link #DEFAULT} in the text form, in a fixed order
     * ({@code sample=10 rate=100/s}); empty when all are defaults.
     */
    public String toText() {
        List<String> parts = new ArrayList<>();
        if (sampleEvery != DEFAULT.sampleEvery) {
            parts.add("sample=" + sampleEvery);
        }
        if (ratePerSecond != DEFAULT.ratePerSecond) {
            parts.add("rate=" + ratePerSecond + "/s");
        }
        if (limit != DEFAULT.limit) {
            parts.add("limit=" + limit);
        }
        if (maxBytes != DEFAULT.maxBytes) {
            parts.add("maxBytes=" + maxBytes);
        }
        if (stackDepth != DEFAULT.stackDepth) {
            parts.add("depth=" + stackDepth);
        }
        if (sleepable != DEFAULT.sleepable) {
            parts.add("sleepable=" + sleepable);
        }
        if (force != DEFAULT.force) {
            parts.add("force=" + force);
        }
        if (maxClasses != DEFAULT.maxClasses) {
            parts.add("maxClasses=" + maxClasses);
        }
        if (errorLimit != DEFAULT.errorLimit) {
            parts.add("errors=" + errorLimit);
        }
        if (budgetMicros != DEFAULT.budgetMicros) {
            parts.add("budget=" + budgetMicros);
        }
        return String.join(" ", parts);
    }
}
