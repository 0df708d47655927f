package dev.quiesce.agent.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the JSON form: one probe object, an array of them, or {@code {"probes": [...]}}.
 *
 * <p>Errors about a whole value (a wrong type, a missing key) point at the value's first character; errors
 * about the text of a string (an unknown word, a bad glob, a bad character in a name) point at the
 * character inside the quotes, index 0 being the first character after the opening quote.
 */
final class JsonSpecReader {
    private static final List<String> PROBE_KEYS =
            List.of("name", "site", "class", "method", "params", "action", "options", "handler", "jar");
    private static final String SHAPES = "a probe object, an array of probes or {\"probes\": [...]}";

    private final String source;

    private JsonSpecReader(String source) {
        this.source = source;
    }

    static List<ParsedSpec> read(String source, String json) {
        return new JsonSpecReader(source).specs(JsonReader.read(source, json));
    }

    private List<ParsedSpec> specs(JsonValue root) {
        List<JsonValue> items;
        if (root instanceof JsonValue.Obj object && object.get("probes") != null) {
            for (JsonValue.Member member : object.members()) {
                if (!member.key().value().equals("probes")) {
                    throw contentAt(member.key()).error("unexpected key \"" + member.key().value()
                            + "\" beside \"probes\"; the wrapper holds only \"probes\"");
                }
            }
            JsonValue probes = object.get("probes").value();
            if (!(probes instanceof JsonValue.Arr array)) {
                throw valueAt(probes).error("\"probes\" must be an array of probe objects; got " + probes.kind());
            }
            items = array.items();
        } else if (root instanceof JsonValue.Obj) {
            items = List.of(root);
        } else if (root instanceof JsonValue.Arr array) {
            items = array.items();
        } else {
            throw valueAt(root).error("expected " + SHAPES + "; got " + root.kind());
        }
        List<ParsedSpec> specs = new ArrayList<>();
        for (JsonValue item : items) {
            if (!(item instanceof JsonValue.Obj object)) {
                throw valueAt(item).error("a probe must be an object; got " + item.kind());
            }
            specs.add(probe(object));
        }
        return specs;
    }

    private ParsedSpec probe(JsonValue.Obj object) {
        SpecDraft draft = new SpecDraft();
        for (JsonValue.Member member : object.members()) {
            String key = member.key().value();
            JsonValue value = member.value();
            switch (key) {
                case "name" -> {
                    JsonValue.Str name = string(key, value);
                    draft.name(name.value(), contentAt(name));
                }
                case "site" -> {
                    JsonValue.Str word = string(key, value);
                    SiteKind site = SiteKind.byWord(word.value());
                    if (site == null) {
                        throw contentAt(word).error(Words.unknown("site", word.value(), SiteKind.words()));
                    }
                    draft.site(site);
                }
                case "class" -> {
                    JsonValue.Str pattern = string(key, value);
                    draft.classes(ClassPattern.parse(pattern.value(), contentAt(pattern)));
                }
                case "method" -> {
                    JsonValue.Str pattern = string(key, value);
                    draft.methods(MethodPattern.parse(pattern.value(), contentAt(pattern)));
                }
                case "params" -> draft.params(params(value));
                case "action" -> {
                    JsonValue.Str word = string(key, value);
                    ActionKind action = ActionKind.byWord(word.value());
                    if (action == null) {
                        throw contentAt(word).error(Words.unknown("action", word.value(), ActionKind.words()));
                    }
                    draft.action(action, contentAt(word));
                }
                case "options" -> options(value, draft);
                case "handler" -> {
                    JsonValue.Str name = string(key, value);
                    draft.handler(name.value(), contentAt(name));
                }
                case "jar" -> {
                    JsonValue.Str path = string(key, value);
                    draft.jar(path.value(), contentAt(path), contentAt(path));
                }
                default -> throw contentAt(member.key()).error(Words.unknown("key", key, PROBE_KEYS));
            }
        }
        String missing = draft.missing();
        if (missing != null) {
            throw valueAt(object).error("the probe has no \"" + missing + "\"");
        }
        return draft.build();
    }

    private ParamPattern params(JsonValue value) {
        if (!(value instanceof JsonValue.Arr array)) {
            throw valueAt(value).error("\"params\" must be an array of type names; got " + value.kind());
        }
        List<String> texts = new ArrayList<>();
        List<Origin> origins = new ArrayList<>();
        for (JsonValue item : array.items()) {
            if (!(item instanceof JsonValue.Str type)) {
                throw valueAt(item).error("a parameter type must be a string; got " + item.kind());
            }
            texts.add(type.value());
            origins.add(contentAt(type));
        }
        return ParamPattern.ofElements(texts, origins);
    }

    private void options(JsonValue value, SpecDraft draft) {
        if (!(value instanceof JsonValue.Obj object)) {
            throw valueAt(value).error("\"options\" must be an object; got " + value.kind());
        }
        for (JsonValue.Member member : object.members()) {
            String key = member.key().value();
            OptionKey option = OptionKey.byJsonKey(key);
            if (option == null) {
                throw contentAt(member.key()).error(Words.unknown("option", key, OptionKey.jsonKeys()));
            }
            JsonValue v = member.value();
            switch (option.kind()) {
                case NUMBER -> draft.number(option, integer(option, v), valueAt(v));
                case RATE -> {
                    if (v instanceof JsonValue.Str rate) {
                        draft.number(option, Numbers.parseRate(rate.value(), contentAt(rate)), contentAt(rate));
                    } else if (v instanceof JsonValue.Num) {
                        draft.number(option, integer(option, v), valueAt(v));
                    } else {
                        throw valueAt(v).error("\"rate\" must be a string like \"100/s\" or a number per second; got "
                                + v.kind());
                    }
                }
                case FLAG -> {
                    if (!(v instanceof JsonValue.Bool flag)) {
                        throw valueAt(v).error("\"" + key + "\" must be true or false; got " + v.kind());
                    }
                    draft.flag(option, flag.value(), valueAt(v));
                }
                default -> throw new IllegalStateException("option " + key + " has no place in \"options\"");
            }
        }
    }

    private long integer(OptionKey option, JsonValue value) {
        if (!(value instanceof JsonValue.Num number)) {
            throw valueAt(value).error("\"" + option.key() + "\" must be an integer; got " + value.kind());
        }
        String text = number.text();
        if (text.indexOf('.') >= 0 || text.indexOf('e') >= 0 || text.indexOf('E') >= 0) {
            throw valueAt(value).error("\"" + option.key() + "\" must be an integer; got " + text);
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException tooLarge) {
            throw option.outOfRange(option.key(), text, valueAt(value));
        }
    }

    private JsonValue.Str string(String key, JsonValue value) {
        if (!(value instanceof JsonValue.Str string)) {
            throw valueAt(value).error("\"" + key + "\" must be a string; got " + value.kind());
        }
        return string;
    }

    /** The value's first character. */
    private Origin valueAt(JsonValue value) {
        return Origin.ofLine(source, value.line(), null, value.column() - 1);
    }

    /** The characters inside a string's quotes. */
    private Origin contentAt(JsonValue.Str string) {
        return Origin.ofColumns(source, string.line(), string.columns());
    }
}
