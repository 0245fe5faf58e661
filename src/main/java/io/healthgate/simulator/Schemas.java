package io.healthgate.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * A small instance that conforms to a JSON schema, for tool arguments and structured output:
 * every declared property (so every required one) gets a value of its type; {@code enum} and
 * {@code const} are honoured, {@code anyOf}/{@code oneOf} take the first non-null branch, local
 * {@code $ref}s ({@code #/$defs/...}, {@code #/definitions/...}, as Pydantic writes them) are
 * followed, and numeric and length minimums are met.
 */
final class Schemas {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 8;

    private Schemas() {
    }

    static JsonNode instance(JsonNode schema) {
        JsonNode v = value("value", schema, schema, 0);
        return v.isObject() ? v : F.objectNode();
    }

    private static JsonNode value(String name, JsonNode schema, JsonNode root, int depth) {
        if (depth > MAX_DEPTH) {
            return F.nullNode();
        }
        if (schema.path("$ref").isTextual()) {
            return value(name, resolve(schema.path("$ref").asText(), root), root, depth + 1);
        }
        if (schema.has("const")) {
            return schema.get("const");
        }
        if (schema.path("enum").isArray() && !schema.path("enum").isEmpty()) {
            return schema.path("enum").get(0);
        }
        for (String k : new String[] {"anyOf", "oneOf", "allOf"}) {
            if (schema.path(k).isArray() && !schema.path(k).isEmpty()) {
                for (JsonNode branch : schema.path(k)) {
                    if (!"null".equals(branch.path("type").asText())) {
                        return value(name, branch, root, depth + 1);
                    }
                }
            }
        }
        String type = type(schema);
        return switch (type) {
            case "integer" -> F.numberNode(Math.max(3, (long) Math.ceil(schema.path("minimum").asDouble(0))));
            case "number" -> F.numberNode(Math.max(21.5, schema.path("minimum").asDouble(0)));
            case "boolean" -> F.booleanNode(true);
            case "null" -> F.nullNode();
            case "object" -> object(schema, root, depth);
            case "array" -> {
                ArrayNode a = F.arrayNode();
                int n = Math.max(1, schema.path("minItems").asInt(1));
                for (int i = 0; i < n; i++) {
                    a.add(value(name, schema.path("items"), root, depth + 1));
                }
                yield a;
            }
            default -> F.textNode(string(name, schema));
        };
    }

    private static ObjectNode object(JsonNode schema, JsonNode root, int depth) {
        ObjectNode out = F.objectNode();
        Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.set(e.getKey(), value(e.getKey(), e.getValue(), root, depth + 1));
        }
        for (JsonNode r : schema.path("required")) {
            if (!out.has(r.asText())) {
                out.put(r.asText(), "sample " + r.asText());
            }
        }
        return out;
    }

    private static String type(JsonNode schema) {
        JsonNode t = schema.path("type");
        if (t.isArray()) {
            for (JsonNode x : t) {
                if (!"null".equals(x.asText())) {
                    return x.asText();
                }
            }
            return "null";
        }
        if (t.isTextual()) {
            return t.asText();
        }
        return schema.has("properties") ? "object" : schema.has("items") ? "array" : "string";
    }

    private static String string(String name, JsonNode schema) {
        String format = schema.path("format").asText("");
        String lower = name.toLowerCase(Locale.ROOT);
        String s = switch (format) {
            case "date-time" -> "2026-01-01T00:00:00Z";
            case "date" -> "2026-01-01";
            case "email" -> "sample@example.com";
            case "uri", "url" -> "https://example.com/";
            case "uuid" -> "00000000-0000-4000-8000-000000000000";
            default -> lower.contains("city") || lower.contains("location") ? "Paris" : lower.contains("unit") ? "celsius" : "sample " + name;
        };
        int min = schema.path("minLength").asInt(0);
        StringBuilder b = new StringBuilder(s);
        while (b.length() < min) {
            b.append('x');
        }
        int max = schema.path("maxLength").asInt(Integer.MAX_VALUE);
        return b.length() > max ? b.substring(0, max) : b.toString();
    }

    private static JsonNode resolve(String ref, JsonNode root) {
        if (!ref.startsWith("#/")) {
            return F.objectNode();
        }
        JsonNode n = root;
        for (String part : ref.substring(2).split("/")) {
            n = n.path(part.replace("~1", "/").replace("~0", "~"));
        }
        return n.isMissingNode() ? F.objectNode() : n;
    }
}
