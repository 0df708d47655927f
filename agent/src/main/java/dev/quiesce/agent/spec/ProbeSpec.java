package dev.quiesce.agent.spec;

import java.util.Objects;
import java.util.Optional;

/**
 * One probe: where it goes ({@link #site()}, {@link #classes()}, {@link #methods()}, {@link #params()})
 * and what it does ({@link #action()}, with {@link #options()}).
 *
 * <p>Design: immutable and valid by construction. The constructor runs the same checks as the parsers
 * ({@link Rules}) and throws {@link SpecException}; the parsers run them first so that their errors point
 * into the text. A null {@code name} is replaced by {@link #defaultName}. {@link #toText()} writes the
 * canonical text form, which {@link ProbeSpecParser#parseLine} reads back to an equal spec.
 *
 * @param name         unique within a spec file, {@code [A-Za-z0-9_.-]{1,64}}; null for the default name
 * @param site         where in the method the probe fires
 * @param classes      which classes
 * @param methods      which methods of those classes
 * @param params       which overloads; empty for any
 * @param action       what the probe does
 * @param handlerClass the handler's binary class name, present exactly when the action is {@code HANDLER}
 * @param handlerJar   the jar to load the handler from; empty to look it up on the agent's loader
 * @param options      sampling, rate and size bounds
 */
public record ProbeSpec(String name, SiteKind site, ClassPattern classes, MethodPattern methods,
                        Optional<ParamPattern> params, ActionKind action, Optional<String> handlerClass,
                        Optional<String> handlerJar, ProbeOptions options) {

    public ProbeSpec {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(classes, "classes");
        Objects.requireNonNull(methods, "methods");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(handlerClass, "handlerClass");
        Objects.requireNonNull(handlerJar, "handlerJar");
        Objects.requireNonNull(options, "options");
        Origin at = Origin.none("ProbeSpec");
        if (name == null) {
            name = defaultName(action, classes, methods);
        } else {
            Rules.probeName(name, at);
        }
        handlerClass.ifPresent(c -> Rules.handlerClass(c, at));
        handlerJar.ifPresent(j -> Rules.jarPath(j, at));
        Rules.consistency(site, action, handlerClass.isPresent(), handlerJar.isPresent(), options.sleepable(),
                at, at, at, at);
    }

    /**
     * The name a probe gets when none is given: the action, the last segment of the class pattern and the
     * method pattern, wildcards left out ({@code count-Checkout.price}, {@code hist-Service.handle}; a part
     * that is only wildcards reads {@code any}), {@code $} written as {@code -}, at most 64 characters.
     */
    public static String defaultName(ActionKind action, ClassPattern classes, MethodPattern methods) {
        String cls = classes.text();
        String name = action.word() + "-" + readable(cls.substring(cls.lastIndexOf('.') + 1)) + "."
                + readable(methods.text());
        return name.length() <= Rules.MAX_NAME_LENGTH ? name : name.substring(0, Rules.MAX_NAME_LENGTH);
    }

    private static String readable(String part) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '$') {
                out.append('-');
            } else if (Rules.isNameChar(c)) {
                out.append(c);
            } else if (c != '*') {
                out.append('_');
            }
        }
        return out.length() == 0 ? "any" : out.toString();
    }

    /** This spec under another name. */
    public ProbeSpec withName(String newName) {
        return new ProbeSpec(Objects.requireNonNull(newName, "newName"), site, classes, methods, params, action,
                handlerClass, handlerJar, options);
    }

    /**
     * Whether a method is a target of this probe.
     *
     * @param className  binary name with '.' separators
     * @param methodName the method's name
     * @param descriptor the method's JVM descriptor
     */
    public boolean matches(String className, String methodName, String descriptor) {
        return classes.matches(className) && methods.matches(methodName)
                && params.map(p -> p.matches(descriptor)).orElse(true);
    }

    /**
     * The canonical text form: site, target, action, then {@code jar=}, {@code name=} when it is not the
     * default, and the options that are not defaults. A jar path with spaces, quotes or parentheses is quoted.
     */
    public String toText() {
        StringBuilder text = new StringBuilder();
        text.append(site.word()).append(' ').append(classes.text()).append('#').append(methods.text());
        params.ifPresent(p -> text.append(p.text()));
        text.append(' ');
        if (action == ActionKind.HANDLER) {
            text.append("handler=").append(handlerClass.orElseThrow());
        } else {
            text.append(action.word());
        }
        handlerJar.ifPresent(jar -> text.append(" jar=").append(quoteIfNeeded(jar)));
        if (!name.equals(defaultName(action, classes, methods))) {
            text.append(" name=").append(name);
        }
        String optionText = options.toText();
        if (!optionText.isEmpty()) {
            text.append(' ').append(optionText);
        }
        return text.toString();
    }

    private static String quoteIfNeeded(String value) {
        boolean plain = true;
        for (int i = 0; i < value.length() && plain; i++) {
            char c = value.charAt(i);
            plain = !Character.isWhitespace(c) && c != '"' && c != '(' && c != ')';
        }
        if (plain) {
            return value;
        }
        StringBuilder quoted = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.append('"').toString();
    }

    @Override
    public String toString() {
        return toText();
    }
}
