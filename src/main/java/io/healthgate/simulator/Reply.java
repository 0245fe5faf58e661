package io.healthgate.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What a simulated model answers: text tokens, or one tool call. Deterministic from the seed and
 * the conversation, so a repeated request gets the same words; one token is one word, one
 * streamed chunk carries one token, and usage counts exactly what was sent.
 *
 * <p>The text is "Hello from {gateway}/{upstream}." followed by words that depend only on the seed
 * and the conversation (not on the gateway), so two offers answer the same conversation alike
 * after the greeting's third token. That is what makes a rescue checkable: a request ending with
 * an assistant prefix is answered with the rest of the clean answer from where the prefix ends,
 * so prefix + continuation equals the clean answer of the offer that wrote the prefix.
 *
 * @param tokens the text, one token per element (empty for a tool call)
 * @param truncated true when max tokens cut the text short
 * @param tool the tool call, or null for a text answer
 */
record Reply(List<String> tokens, boolean truncated, ToolCall tool, int promptTokens, int completionTokens) {

    /** One call of a tool, arguments as a JSON object text. */
    record ToolCall(String id, String name, String arguments) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] WORDS = {"the", "gateway", "answered", "quickly", "and", "every", "model", "is",
        "healthy", "today", "simulated", "tokens", "flow", "through", "a", "stream", "of", "deterministic", "words",
        "seeded", "so", "runs", "repeat", "exactly"};
    /** Characters per streamed chunk of a JSON answer (JSON has no words to split on). */
    private static final int JSON_CHUNK = 8;

    String text() {
        return String.join("", tokens);
    }

    /** The answer to a chat or Anthropic request body (kept for callers that hold a raw body). */
    static Reply generate(long seed, String gateway, String upstream, JsonNode request, boolean anthropic, int maxTokens) {
        if (anthropic) {
            return generate(seed, gateway, upstream, Prompt.fromAnthropic(request), 0).withToolIdPrefix("toolu_");
        }
        return generate(seed, gateway, upstream, Prompt.fromChat(request), 0);
    }

    /**
     * Choice {@code choice} (0 for the first) of the answer to {@code p}: a tool call when the
     * request has tools and the last turn is not a tool's result (or a tool is forced), JSON when a
     * JSON format is asked for, else text; a text answer has 12-35 tokens unless max tokens cuts it.
     */
    static Reply generate(long seed, String gateway, String upstream, Prompt p, int choice) {
        long h = seed * 0x9E3779B97F4A7C15L ^ p.conversation().hashCode() ^ choice * 0xBF58476D1CE4E5B9L;
        SplittableRandom random = new SplittableRandom(h);
        if (p.callsTool()) {
            Prompt.Tool t = p.toolToCall();
            String args = Schemas.instance(t.schema()).toString();
            String id = "call_" + Long.toHexString(random.nextLong() & Long.MAX_VALUE);
            return new Reply(List.of(), false, new ToolCall(id, t.name(), args), p.promptTokens() + 10 * p.tools().size(), 8 + args.length() / 4);
        }
        List<String> all = new ArrayList<>(List.of("Hello", " from", " " + gateway + "/" + upstream + "."));
        int natural = 12 + random.nextInt(24);
        while (all.size() < natural) {
            all.add(" " + WORDS[random.nextInt(WORDS.length)]);
        }
        all.set(all.size() - 1, all.get(all.size() - 1) + ".");
        if (!p.format().equals(Prompt.TEXT)) {
            all = chunks(jsonAnswer(p, String.join("", all.subList(3, all.size())).trim()));
        } else if (p.prefix() != null) {
            all = new ArrayList<>(all.subList(Math.min(all.size(), prefixTokens(all, p.prefix())), all.size()));
        }
        int max = p.maxTokens();
        boolean truncated = max > 0 && max < all.size();
        List<String> tokens = truncated ? List.copyOf(all.subList(0, max)) : List.copyOf(all);
        return new Reply(tokens, truncated, null, p.promptTokens(), tokens.size());
    }

    /** The same reply with an Anthropic tool-use id instead of an OpenAI call id. */
    Reply withToolIdPrefix(String prefix) {
        if (tool == null) {
            return this;
        }
        String id = prefix + tool.id().substring(tool.id().indexOf('_') + 1);
        return new Reply(tokens, truncated, new ToolCall(id, tool.name(), tool.arguments()), promptTokens, completionTokens);
    }

    /**
     * How many of the answer's tokens the prefix covers: exactly, when the prefix is a run of this
     * answer's tokens; otherwise its count of words (another offer's text differs only in the
     * greeting, which is one token whatever the gateway).
     */
    static int prefixTokens(List<String> answer, String prefix) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < answer.size(); i++) {
            if (s.toString().equals(prefix)) {
                return i;
            }
            s.append(answer.get(i));
        }
        if (s.toString().equals(prefix)) {
            return answer.size();
        }
        String t = prefix.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }

    /** The answer as JSON: {@code {"answer": text}} for json_object, else an instance of the schema. */
    private static String jsonAnswer(Prompt p, String text) {
        if (p.format().equals(Prompt.JSON_SCHEMA) && p.schema() != null) {
            return Schemas.instance(p.schema()).toString();
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("answer", text);
        return o.toString();
    }

    private static List<String> chunks(String text) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < text.length(); i += JSON_CHUNK) {
            out.add(text.substring(i, Math.min(text.length(), i + JSON_CHUNK)));
        }
        return out;
    }

    /** Words in every message (and the system prompt), plus a few per message for framing. */
    static int promptTokens(JsonNode request) {
        return Prompt.tokens(request.path("system"), request.path("messages"));
    }

    /** Plausible arguments for a JSON schema: every property gets a value of its type. */
    static JsonNode argumentsFor(JsonNode schema) {
        return Schemas.instance(schema);
    }
}
