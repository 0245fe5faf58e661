package io.healthgate.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What a simulated model answers: text tokens, or one tool call. Deterministic from the seed and
 * the request, so a repeated run gets the same words; one token is one word, one streamed chunk
 * carries one token, and usage counts exactly what was sent.
 *
 * @param tokens the text, one token per element (empty for a tool call)
 * @param truncated true when max tokens cut the text short
 * @param tool the tool call, or null for a text answer
 */
record Reply(List<String> tokens, boolean truncated, ToolCall tool, int promptTokens, int completionTokens) {

    /** One call of the request's first tool, arguments as a JSON object text. */
    record ToolCall(String id, String name, String arguments) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] WORDS = {"the", "gateway", "answered", "quickly", "and", "every", "model", "is",
        "healthy", "today", "simulated", "tokens", "flow", "through", "a", "stream", "of", "deterministic", "words",
        "seeded", "so", "runs", "repeat", "exactly"};

    String text() {
        return String.join("", tokens);
    }

    /**
     * The answer to {@code request}. {@code maxTokens} below 1 means no limit was asked for; a text
     * answer has 12-35 tokens unless {@code maxTokens} cuts it.
     */
    static Reply generate(long seed, String gateway, String upstream, JsonNode request, boolean anthropic, int maxTokens) {
        long h = seed * 0x9E3779B97F4A7C15L ^ (gateway + "\u0000" + upstream + "\u0000" + request.path("messages")).hashCode();
        SplittableRandom random = new SplittableRandom(h);
        int prompt = promptTokens(request);
        JsonNode tools = request.path("tools");
        if (tools.isArray() && !tools.isEmpty() && !"none".equals(request.path("tool_choice").asText(""))
                && !"none".equals(request.path("tool_choice").path("type").asText(""))) {
            JsonNode first = tools.get(0);
            String name = anthropic ? first.path("name").asText("tool") : first.path("function").path("name").asText("tool");
            JsonNode schema = anthropic ? first.path("input_schema") : first.path("function").path("parameters");
            String args = argumentsFor(schema).toString();
            String id = (anthropic ? "toolu_" : "call_") + Long.toHexString(random.nextLong() & Long.MAX_VALUE);
            return new Reply(List.of(), false, new ToolCall(id, name, args), prompt + 10 * tools.size(), 8 + args.length() / 4);
        }
        List<String> all = new ArrayList<>(List.of("Hello", " from", " " + gateway + "/" + upstream + "."));
        int natural = 12 + random.nextInt(24);
        while (all.size() < natural) {
            all.add(" " + WORDS[random.nextInt(WORDS.length)]);
        }
        all.set(all.size() - 1, all.get(all.size() - 1) + ".");
        boolean truncated = maxTokens > 0 && maxTokens < natural;
        List<String> tokens = truncated ? List.copyOf(all.subList(0, maxTokens)) : List.copyOf(all);
        return new Reply(tokens, truncated, null, prompt, tokens.size());
    }

    /** Words in every message (and the system prompt), plus a few per message for framing. */
    static int promptTokens(JsonNode request) {
        int n = 3 + words(request.path("system"));
        for (JsonNode m : request.path("messages")) {
            n += 4 + words(m.path("content"));
        }
        return n;
    }

    private static int words(JsonNode content) {
        if (content.isTextual()) {
            String t = content.asText().trim();
            return t.isEmpty() ? 0 : t.split("\\s+").length;
        }
        int n = 0;
        if (content.isArray()) {
            for (JsonNode part : content) {
                n += part.has("text") ? words(part.path("text")) : 1;
            }
        }
        return n;
    }

    /** Plausible arguments for a JSON schema: every property gets a value of its type. */
    static JsonNode argumentsFor(JsonNode schema) {
        ObjectNode out = JSON.createObjectNode();
        Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.set(e.getKey(), valueFor(e.getKey(), e.getValue()));
        }
        return out;
    }

    private static JsonNode valueFor(String name, JsonNode schema) {
        if (schema.path("enum").isArray() && !schema.path("enum").isEmpty()) {
            return schema.path("enum").get(0);
        }
        String type = schema.path("type").isArray() ? schema.path("type").path(0).asText() : schema.path("type").asText("string");
        String lower = name.toLowerCase(Locale.ROOT);
        return switch (type) {
            case "integer" -> JSON.getNodeFactory().numberNode(3);
            case "number" -> JSON.getNodeFactory().numberNode(21.5);
            case "boolean" -> JSON.getNodeFactory().booleanNode(true);
            case "object" -> argumentsFor(schema);
            case "array" -> {
                ArrayNode a = JSON.createArrayNode();
                a.add(valueFor(name, schema.path("items")));
                yield a;
            }
            default -> JSON.getNodeFactory().textNode(
                    lower.contains("city") || lower.contains("location") ? "Paris" : lower.contains("unit") ? "celsius" : "sample " + name);
        };
    }
}
