package dev.quiesce.agent.spec;

import java.util.Optional;

/**
 * The pieces of one probe as a reader finds them, each with its origin, checked alone as they arrive and
 * together in {@link #build()}. Both the text and the JSON reader fill one, so the two forms share every
 * rule and message.
 */
final class SpecDraft {
    private String name;
    private Origin nameAt;
    private SiteKind site;
    private ClassPattern classes;
    private MethodPattern methods;
    private ParamPattern params;
    private ActionKind action;
    private Origin actionAt;
    private String handlerClass;
    private Origin handlerAt;
    private String handlerJar;
    private Origin jarAt;
    private Origin sleepableAt;
    private ProbeOptions options = ProbeOptions.DEFAULT;

    void name(String value, Origin at) {
        Rules.probeName(value, at);
        name = value;
        nameAt = at;
    }

    void site(SiteKind value) {
        site = value;
    }

    void classes(ClassPattern value) {
        classes = value;
    }

    void methods(MethodPattern value) {
        methods = value;
    }

    void params(ParamPattern value) {
        params = value;
    }

    void action(ActionKind value, Origin at) {
        action = value;
        actionAt = at;
    }

    void handler(String className, Origin at) {
        Rules.handlerClass(className, at);
        handlerClass = className;
        handlerAt = at;
    }

    /** A jar path; {@code valueAt} is where the path is, {@code optionAt} what to point at if a jar is not allowed. */
    void jar(String path, Origin valueAt, Origin optionAt) {
        Rules.jarPath(path, valueAt);
        handlerJar = path;
        jarAt = optionAt;
    }

    /** A number or rate option, checked against its range. */
    void number(OptionKey key, long value, Origin at) {
        key.checkRange(key.key(), value, at);
        options = switch (key) {
            case SAMPLE -> options.withSampleEvery((int) value);
            case RATE -> options.withRatePerSecond(value);
            case LIMIT -> options.withLimit(value);
            case MAX_BYTES -> options.withMaxBytes((int) value);
            case DEPTH -> options.withStackDepth((int) value);
            case MAX_CLASSES -> options.withMaxClasses((int) value);
            case ERRORS -> options.withErrorLimit((int) value);
            case BUDGET -> options.withBudgetMicros(value);
            default -> throw new IllegalArgumentException(key + " is not a number option");
        };
    }

    /** A flag option; {@code at} is what to point at if the flag is not allowed. */
    void flag(OptionKey key, boolean value, Origin at) {
        switch (key) {
            case SLEEPABLE -> {
                options = options.withSleepable(value);
                sleepableAt = at;
            }
            case FORCE -> options = options.withForce(value);
            default -> throw new IllegalArgumentException(key + " is not a flag option");
        }
    }

    /** The first required piece still missing: {@code site}, {@code class}, {@code method}, {@code action}; or null. */
    String missing() {
        if (site == null) {
            return "site";
        }
        if (classes == null) {
            return "class";
        }
        if (methods == null) {
            return "method";
        }
        return action == null ? "action" : null;
    }

    ParsedSpec build() {
        Rules.consistency(site, action, handlerClass != null, handlerJar != null, options.sleepable(),
                actionAt, handlerAt, jarAt, sleepableAt);
        ProbeSpec spec = new ProbeSpec(name, site, classes, methods, Optional.ofNullable(params), action,
                Optional.ofNullable(handlerClass), Optional.ofNullable(handlerJar), options);
        return new ParsedSpec(spec, nameAt);
    }
}
