package dev.quiesce.agent.spec;

/**
 * The checks a spec must pass whichever way it was written: probe names, handler class names, jar paths,
 * and the rules that tie the site, the action and the options together. Each check reports through an
 * {@link Origin}, so the parsers point at the token and {@link ProbeSpec}'s constructor, which runs the
 * same checks, reports without a position.
 */
final class Rules {
    static final int MAX_NAME_LENGTH = 64;

    private Rules() {
    }

    /** {@code [A-Za-z0-9_.-]{1,64}}. */
    static void probeName(String name, Origin at) {
        if (name.isEmpty()) {
            throw at.error(0, "empty probe name");
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isNameChar(name.charAt(i))) {
                throw at.error(i, "a probe name may only contain letters, digits, '_', '.' and '-'; got "
                        + Words.describe(name.charAt(i)));
            }
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw at.error(MAX_NAME_LENGTH, "a probe name is at most " + MAX_NAME_LENGTH + " characters; this one is "
                    + name.length());
        }
    }

    static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '.' || c == '-';
    }

    /** A binary class name: identifiers separated by '.', '$' allowed, no wildcards. */
    static void handlerClass(String name, Origin at) {
        if (name.isEmpty()) {
            throw at.error(0, "missing handler class name");
        }
        int segmentStart = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.') {
                if (i == segmentStart) {
                    throw at.error(i, i == 0
                            ? "a class name cannot start with '.'"
                            : "empty package segment in class name");
                }
                segmentStart = i + 1;
            } else if (c == '*') {
                throw at.error(i, "a handler is one class, not a pattern");
            } else if (c == '/') {
                throw at.error(i, "class names separate packages with '.', not '/'");
            } else if (i == segmentStart ? !Words.isIdentifierStart(c) : !Words.isIdentifierPart(c)) {
                throw at.error(i, "unexpected " + Words.describe(c) + " in class name");
            }
        }
        if (segmentStart == name.length()) {
            throw at.error(name.length() - 1, "a class name cannot end with '.'");
        }
    }

    static void jarPath(String path, Origin at) {
        if (path.isEmpty()) {
            throw at.error(0, "empty jar path");
        }
        for (int i = 0; i < path.length(); i++) {
            if (Character.isISOControl(path.charAt(i))) {
                throw at.error(i, "control character " + Words.describe(path.charAt(i)) + " in jar path");
            }
        }
    }

    /**
     * The rules between fields: {@code hist} needs {@code timing}; a handler class exactly when the action
     * is {@code handler}; a jar and {@code sleepable=true} only with a handler. Origins may be null for
     * fields that are absent.
     */
    static void consistency(SiteKind site, ActionKind action, boolean hasHandler, boolean hasJar, boolean sleepable,
                            Origin actionAt, Origin handlerAt, Origin jarAt, Origin sleepableAt) {
        if (action == ActionKind.HIST && site != SiteKind.TIMING) {
            throw actionAt.error("hist needs the timing site (it measures entry-to-exit latency); this probe's site is "
                    + site.word());
        }
        if (action == ActionKind.HANDLER && !hasHandler) {
            throw actionAt.error("the handler action needs a handler class");
        }
        if (action != ActionKind.HANDLER && hasHandler) {
            throw handlerAt.error("a handler class is only valid with the handler action; this probe's action is "
                    + action.word());
        }
        if (action != ActionKind.HANDLER && hasJar) {
            throw jarAt.error("jar is only valid with a handler action (handler=<class>)");
        }
        if (action != ActionKind.HANDLER && sleepable) {
            throw sleepableAt.error("sleepable=true is only valid with a handler action; built-in actions never block");
        }
    }
}
