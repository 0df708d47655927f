package dev.quiesce.agent.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one line of the text form:
 * {@code <site> <class-pattern>#<method-pattern>[(<params>)] <action> [<key>=<value> ...]}.
 *
 * <p>The line is first cut into tokens at whitespace, except inside parentheses (the parameter list may
 * have spaces after its commas) and inside double quotes (an option value such as a jar path may be
 * quoted; {@code \"} and {@code \\} are its only escapes). Tokens are then read left to right, so the
 * first error reported is the leftmost one of its kind.
 */
final class TextSpecReader {
    private static final String SHAPE = "<site> <class-pattern>#<method-pattern>[(<params>)] <action> [key=value ...]";

    /** A token and its 0-based start column in the line. */
    private record Token(String text, int start) {
        int end() {
            return start + text.length();
        }
    }

    /** An option value after unquoting, with the origin of its characters. */
    private record Value(String text, Origin origin) {
    }

    private TextSpecReader() {
    }

    static ParsedSpec read(String source, int lineNumber, String line) {
        Origin lineAt = Origin.ofLine(source, lineNumber, line, 0);
        List<Token> tokens = tokens(line, lineAt);
        if (tokens.isEmpty()) {
            throw lineAt.error(0, "empty spec; expected " + SHAPE);
        }
        SpecDraft draft = new SpecDraft();

        Token siteToken = tokens.get(0);
        SiteKind site = SiteKind.byWord(siteToken.text());
        if (site == null) {
            String sites = String.join(", ", SiteKind.words());
            String reason;
            if (siteToken.text().startsWith("#")) {
                reason = "expected a spec, not a comment; valid sites: " + sites;
            } else if (siteToken.text().indexOf('#') >= 0) {
                reason = "missing site before the target; valid sites: " + sites;
            } else {
                reason = Words.unknown("site", siteToken.text(), SiteKind.words());
            }
            throw lineAt.error(siteToken.start(), reason);
        }
        draft.site(site);

        if (tokens.size() < 2) {
            throw lineAt.error(siteToken.end(),
                    "missing target after the site; expected <class-pattern>#<method-pattern>");
        }
        Token target = tokens.get(1);
        target(target.text(), lineAt.at(target.start()), draft);

        if (tokens.size() < 3) {
            throw lineAt.error(target.end(),
                    "missing action; valid actions: " + String.join(", ", ActionKind.textWords()));
        }
        Token action = tokens.get(2);
        action(action.text(), lineAt.at(action.start()), draft);

        Map<OptionKey, Token> seen = new EnumMap<>(OptionKey.class);
        for (Token option : tokens.subList(3, tokens.size())) {
            option(option, lineAt.at(option.start()), seen, draft);
        }
        return draft.build();
    }

    /** Cuts a line at whitespace outside parentheses and quotes; checks that both are balanced. */
    private static List<Token> tokens(String line, Origin at) {
        List<Token> tokens = new ArrayList<>();
        int n = line.length();
        int i = 0;
        while (true) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i >= n) {
                return tokens;
            }
            int start = i;
            int depth = 0;
            int open = -1;
            int quote = -1;
            while (i < n) {
                char c = line.charAt(i);
                if (quote >= 0) {
                    if (c == '\\' && i + 1 < n && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                        i++;
                    } else if (c == '"') {
                        quote = -1;
                    }
                } else if (c == '"') {
                    quote = i;
                } else if (c == '(') {
                    if (depth++ == 0) {
                        open = i;
                    }
                } else if (c == ')') {
                    if (depth == 0) {
                        throw at.error(i, "unbalanced parentheses: ')' has no matching '('");
                    }
                    depth--;
                } else if (depth == 0 && Character.isWhitespace(c)) {
                    break;
                }
                i++;
            }
            if (quote >= 0) {
                throw at.error(quote, "unterminated quote");
            }
            if (depth > 0) {
                throw at.error(open, "unbalanced parentheses: '(' is never closed");
            }
            tokens.add(new Token(line.substring(start, i), start));
        }
    }

    /** {@code <class-pattern>#<method-pattern>[(<params>)]}. */
    private static void target(String text, Origin at, SpecDraft draft) {
        int hash = text.indexOf('#');
        if (hash < 0) {
            int paren = text.indexOf('(');
            String head = paren < 0 ? text : text.substring(0, paren);
            int dot = head.lastIndexOf('.');
            String hint = dot > 0 && dot < head.length() - 1
                    ? "; did you mean \"" + text.substring(0, dot) + "#" + text.substring(dot + 1) + "\"?"
                    : "";
            throw at.error(0, "missing '#' between the class pattern and the method pattern" + hint);
        }
        int second = text.indexOf('#', hash + 1);
        if (second >= 0) {
            throw at.error(second, "unexpected second '#' in the target");
        }
        if (hash == 0) {
            throw at.error(0, "empty class pattern before '#'");
        }
        int paren = text.indexOf('(', hash + 1);
        int methodEnd = paren < 0 ? text.length() : paren;
        if (methodEnd == hash + 1) {
            throw at.error(hash + 1, "empty method pattern after '#'");
        }
        draft.classes(ClassPattern.parse(text.substring(0, hash), at));
        draft.methods(MethodPattern.parse(text.substring(hash + 1, methodEnd), at.at(hash + 1)));
        if (paren >= 0) {
            int close = text.indexOf(')', paren);
            draft.params(ParamPattern.parseInner(text.substring(paren + 1, close), at.at(paren + 1)));
            if (close + 1 < text.length()) {
                throw at.error(close + 1, "unexpected text after the parameter list");
            }
        }
    }

    /** A built-in action word or {@code handler=<class>}. */
    private static void action(String text, Origin at, SpecDraft draft) {
        if (text.startsWith("(")) {
            throw at.error("no space is allowed between the method pattern and its parameter list");
        }
        int eq = text.indexOf('=');
        if (eq >= 0) {
            if (!text.substring(0, eq).equalsIgnoreCase("handler")) {
                throw at.error("missing action before the options; valid actions: "
                        + String.join(", ", ActionKind.textWords()));
            }
            Value value = value(text, eq, at);
            if (value.text().isEmpty()) {
                throw at.error(eq + 1, "handler= needs a class name: handler=<fully.qualified.Class>");
            }
            draft.action(ActionKind.HANDLER, at);
            draft.handler(value.text(), value.origin());
            return;
        }
        if (text.equalsIgnoreCase("handler")) {
            throw at.error("the handler action needs a class: handler=<fully.qualified.Class>");
        }
        ActionKind action = ActionKind.byWord(text);
        if (action == null) {
            throw at.error(Words.unknown("action", text, ActionKind.textWords()));
        }
        draft.action(action, at);
    }

    /** {@code key=value}, once per key. */
    private static void option(Token token, Origin at, Map<OptionKey, Token> seen, SpecDraft draft) {
        String text = token.text();
        int eq = text.indexOf('=');
        if (eq < 0) {
            if (ActionKind.byWord(text) != null) {
                throw at.error("a probe has one action; \"" + text + "\" comes after the action");
            }
            throw at.error("unexpected \"" + text + "\"; options are key=value (valid options: "
                    + String.join(", ", OptionKey.textKeys()) + ")");
        }
        if (eq == 0) {
            throw at.error("missing option name before '='");
        }
        String keyText = text.substring(0, eq);
        OptionKey key = OptionKey.byTextKey(keyText);
        if (key == null) {
            if (keyText.equalsIgnoreCase("handler")) {
                throw at.error("handler= goes in the action position, right after the target");
            }
            throw at.error(Words.unknown("option", keyText, OptionKey.textKeys()));
        }
        Token first = seen.putIfAbsent(key, token);
        if (first != null) {
            throw at.error("duplicate option \"" + key.key() + "\" (first at column " + (first.start() + 1) + ")");
        }
        Value value = value(text, eq, at);
        if (value.text().isEmpty()) {
            throw at.error(eq + 1, "missing value after \"" + keyText + "=\"");
        }
        switch (key.kind()) {
            case TEXT -> {
                if (key == OptionKey.NAME) {
                    draft.name(value.text(), value.origin());
                } else {
                    draft.jar(value.text(), value.origin(), at);
                }
            }
            case NUMBER -> draft.number(key, Numbers.parseCount(value.text(), value.origin()), value.origin());
            case RATE -> draft.number(key, Numbers.parseRate(value.text(), value.origin()), value.origin());
            case FLAG -> draft.flag(key, flag(value), at);
            default -> throw new IllegalStateException("unhandled option kind " + key.kind());
        }
    }

    private static boolean flag(Value value) {
        if (value.text().equalsIgnoreCase("true")) {
            return true;
        }
        if (value.text().equalsIgnoreCase("false")) {
            return false;
        }
        throw value.origin().error("expected true or false; got \"" + value.text() + "\"");
    }

    /** The value after {@code '='}, unquoted if it starts with a quote. */
    private static Value value(String token, int eq, Origin at) {
        int from = eq + 1;
        if (from >= token.length() || token.charAt(from) != '"') {
            return new Value(token.substring(from), at.at(from));
        }
        StringBuilder text = new StringBuilder();
        int[] offsets = new int[token.length()];
        int count = 0;
        int i = from + 1;
        while (i < token.length() && token.charAt(i) != '"') {
            char c = token.charAt(i);
            if (c == '\\' && i + 1 < token.length() && (token.charAt(i + 1) == '"' || token.charAt(i + 1) == '\\')) {
                offsets[count++] = i;
                text.append(token.charAt(i + 1));
                i += 2;
            } else {
                offsets[count++] = i;
                text.append(c);
                i++;
            }
        }
        if (i >= token.length()) {
            throw at.error(from, "unterminated quote");
        }
        offsets[count++] = i;
        if (i + 1 < token.length()) {
            throw at.error(i + 1, "unexpected text after the closing quote");
        }
        return new Value(text.toString(), at.mapped(Arrays.copyOf(offsets, count)));
    }
}
