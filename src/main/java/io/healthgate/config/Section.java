package io.healthgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.healthgate.catalog.Placeholders;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One YAML mapping being read into a record. Each getter names the key it reads; a value of the
 * wrong kind is reported with its key path and quoted value, and the getter returns the fallback
 * so reading goes on and every problem is found in one run. {@link #finish()} reports the keys
 * nobody asked for, with the closest known key as a suggestion.
 *
 * <p>Scalars given as text are accepted where a number or boolean is expected ({@code "8080"}),
 * which is also how environment overrides arrive.
 */
final class Section {
    private static final Pattern WHOLE = Pattern.compile("[-+]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern URL_SECRET = Pattern.compile("(//[^/:@\\s]*:)[^@/\\s]*@|((?:password|pass|pwd|secret|token)=)[^&\\s]*", Pattern.CASE_INSENSITIVE);

    private final ObjectNode node;
    private final String path;
    private final Problems problems;
    private final Set<String> known = new LinkedHashSet<>();

    Section(ObjectNode node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    String path() {
        return path;
    }

    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    Problems problems() {
        return problems;
    }

    boolean has(String key) {
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    /** Reports a problem about one key of this mapping. */
    void problem(String key, String message) {
        problems.add(pathOf(key), message);
    }

    private JsonNode get(String key) {
        known.add(key);
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    Section section(String key) {
        JsonNode v = get(key);
        if (v != null && !v.isObject()) {
            problem(key, "expected a mapping of keys, got " + describe(v, key));
            v = null;
        }
        return new Section(v == null ? node.objectNode() : (ObjectNode) v, pathOf(key), problems);
    }

    String string(String key, String fallback) {
        JsonNode v = get(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isValueNode()) {
            problem(key, "expected text, got " + describe(v, key));
            return fallback;
        }
        return v.asText();
    }

    /** Required text: missing or blank is a problem. */
    String requiredString(String key, String what) {
        if (!has(key)) {
            get(key);
            problem(key, "missing; expected " + what);
            return "";
        }
        String s = string(key, "");
        if (s.isBlank()) {
            problem(key, "expected " + what + ", got " + quote(s));
            return "";
        }
        return s;
    }

    /** Text that must match a pattern (an env var name, a gateway name); blank allowed only when {@code allowEmpty}. */
    String matching(String key, String fallback, Pattern pattern, boolean allowEmpty, String what) {
        String s = string(key, fallback);
        if (s.isEmpty() && allowEmpty) {
            return s;
        }
        if (!pattern.matcher(s).matches()) {
            problem(key, "expected " + what + ", got " + quote(s));
            return fallback;
        }
        return s;
    }

    /** Text that must be one of a closed set (a protocol, a tier); suggests the closest. */
    String oneOf(String key, String fallback, List<String> allowed) {
        String s = string(key, fallback);
        if (!allowed.contains(s)) {
            String hint = Suggest.closest(s, allowed).map(x -> " (did you mean \"" + x + "\"?)").orElse("");
            problem(key, "expected one of " + String.join("|", allowed) + ", got " + quote(s) + hint);
            return fallback;
        }
        return s;
    }

    /** An http(s) URL, or empty when {@code allowEmpty}; ${ENV} placeholders are allowed anywhere. */
    String url(String key, String fallback, boolean allowEmpty) {
        String s = string(key, fallback);
        if (s.isEmpty() && allowEmpty) {
            return s;
        }
        if (!Placeholders.isHttpUrl(s)) {
            problem(key, "expected an http:// or https:// URL" + (allowEmpty ? " or \"\"" : "") + ", got " + quote(redact(s)));
            return fallback;
        }
        return s;
    }

    int integer(String key, int fallback, int min, int max, String what) {
        JsonNode v = get(key);
        if (v == null) {
            return fallback;
        }
        Long n = null;
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            n = v.asLong();
        } else if (v.isTextual() && WHOLE.matcher(v.asText().trim()).matches()) {
            try {
                n = Long.parseLong(v.asText().trim());
            } catch (NumberFormatException tooBig) {
                n = null;
            }
        }
        if (n == null || n < min || n > max) {
            problem(key, "expected " + what + ", got " + describe(v, key));
            return fallback;
        }
        return n.intValue();
    }

    long wholeLong(String key, long fallback, long min, String what) {
        JsonNode v = get(key);
        if (v == null) {
            return fallback;
        }
        Long n = null;
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            n = v.asLong();
        } else if (v.isTextual() && WHOLE.matcher(v.asText().trim()).matches()) {
            try {
                n = Long.parseLong(v.asText().trim());
            } catch (NumberFormatException tooBig) {
                n = null;
            }
        }
        if (n == null || n < min) {
            problem(key, "expected " + what + ", got " + describe(v, key));
            return fallback;
        }
        return n;
    }

    double decimal(String key, double fallback, double min, double max, String what) {
        JsonNode v = get(key);
        if (v == null) {
            return fallback;
        }
        Double d = null;
        if (v.isNumber()) {
            d = v.asDouble();
        } else if (v.isTextual() && DECIMAL.matcher(v.asText().trim()).matches()) {
            d = Double.parseDouble(v.asText().trim());
        }
        if (d == null || d.isNaN() || d < min || d > max) {
            problem(key, "expected " + what + ", got " + describe(v, key));
            return fallback;
        }
        return d;
    }

    boolean bool(String key, boolean fallback) {
        JsonNode v = get(key);
        if (v == null) {
            return fallback;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isTextual() && (v.asText().trim().equalsIgnoreCase("true") || v.asText().trim().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(v.asText().trim());
        }
        problem(key, "expected true or false, got " + describe(v, key));
        return fallback;
    }

    /** A list of text items; also accepts one comma-separated text (how an env override arrives). */
    List<String> strings(String key, List<String> fallback, Predicate<String> valid, String what) {
        JsonNode v = get(key);
        if (v == null) {
            return fallback;
        }
        List<String> out = new ArrayList<>();
        if (v.isTextual()) {
            for (String part : v.asText().split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        } else if (v.isArray()) {
            for (int i = 0; i < v.size(); i++) {
                JsonNode item = v.get(i);
                if (item.isValueNode() && !item.isNull()) {
                    out.add(item.asText());
                } else {
                    problems.add(pathOf(key) + "[" + i + "]", "expected " + what + ", got " + describe(item, key));
                }
            }
        } else {
            problem(key, "expected a list of " + what + ", got " + describe(v, key));
            return fallback;
        }
        for (String s : out) {
            if (!valid.test(s)) {
                problem(key, "expected a list of " + what + ", got " + quote(s) + " in it");
                return fallback;
            }
        }
        return List.copyOf(out);
    }

    /** A mapping of text to text, in file order. */
    Map<String, String> stringMap(String key) {
        Section s = section(key);
        Map<String, String> out = new LinkedHashMap<>();
        s.node.properties().forEach(e -> {
            s.known.add(e.getKey());
            if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                out.put(e.getKey(), e.getValue().asText());
            } else {
                s.problem(e.getKey(), "expected text, got " + describe(e.getValue(), e.getKey()));
            }
        });
        return out;
    }

    /** Marks keys as known without reading them, so {@link #finish()} suggests them for typos. */
    void allowKeys(java.util.Collection<String> keys) {
        known.addAll(keys);
    }

    /** The keys present in this mapping (for free-form maps such as tier tables). */
    List<String> keys() {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** A list of mappings. Each item's path is {@code key[name]} when it has a name, else {@code key[#n]} (1-based). */
    List<Section> sections(String key, String nameKey) {
        JsonNode v = get(key);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            problem(key, "expected a list, got " + describe(v, key));
            return List.of();
        }
        List<Section> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            JsonNode name = item.get(nameKey);
            String label = name != null && name.isValueNode() && !name.asText().isBlank() ? name.asText() : "#" + (i + 1);
            String itemPath = pathOf(key) + "[" + label + "]";
            if (!item.isObject()) {
                problems.add(itemPath, "expected a mapping of keys, got " + describe(item, key));
                continue;
            }
            out.add(new Section((ObjectNode) item, itemPath, problems));
        }
        return out;
    }

    /** Reports every key of this mapping that no getter asked for, suggesting the closest known key. */
    void finish() {
        node.fieldNames().forEachRemaining(k -> {
            if (!known.contains(k)) {
                String hint = Suggest.closest(k, known).map(x -> "; did you mean \"" + x + "\"?")
                        .orElse(known.isEmpty() ? "" : "; known keys: " + String.join(", ", known));
                problem(k, "unknown key" + hint);
            }
        });
    }

    /** How a bad value is quoted in a message: text in quotes, numbers as written, containers by kind. */
    static String describe(JsonNode v, String key) {
        if (v == null || v.isNull()) {
            return "nothing (null)";
        }
        if (v.isObject()) {
            return "a mapping";
        }
        if (v.isArray()) {
            return "a list";
        }
        if (v.isTextual()) {
            return quote(key.contains("url") ? redact(v.asText()) : v.asText());
        }
        return v.asText();
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** Masks a password inside a URL (user:pass@, password=...) so error messages never leak one. */
    static String redact(String url) {
        Matcher m = URL_SECRET.matcher(url);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String replacement = m.group(1) != null ? m.group(1) + "***@" : m.group(2) + "***";
            m.appendReplacement(b, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(b);
        return b.toString();
    }
}
