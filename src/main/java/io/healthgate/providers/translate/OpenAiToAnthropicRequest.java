package io.healthgate.providers.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

import static io.healthgate.providers.translate.Json.arr;
import static io.healthgate.providers.translate.Json.copy;
import static io.healthgate.providers.translate.Json.obj;
import static io.healthgate.providers.translate.Json.present;

/**
 * An OpenAI chat completions request as an Anthropic Messages request.
 *
 * <p>Mapped: {@code model}; {@code system} and {@code developer} messages merged (in order) into
 * {@code system}; user text and {@code image_url} parts (data URLs → base64 source, others → url
 * source); assistant content and {@code tool_calls} → text and {@code tool_use} blocks (arguments
 * parsed to {@code input}); {@code tool} messages → {@code tool_result} blocks in a user turn;
 * consecutive turns of one role merged, as Anthropic requires alternation; {@code max_tokens} from
 * {@code max_completion_tokens}, else {@code max_tokens}, else {@value #DEFAULT_MAX_TOKENS};
 * {@code stop} → {@code stop_sequences}; {@code temperature} (Anthropic's 0..1: above 1 is refused, never clamped),
 * {@code top_p}; {@code tools}, {@code tool_choice} (auto/required→any/none/function→tool),
 * {@code parallel_tool_calls: false} → {@code disable_parallel_tool_use}; {@code stream};
 * {@code user} → {@code metadata.user_id}; {@code top_k} (an extension many OpenAI-compatible
 * clients send) → {@code top_k}; {@code reasoning_effort} (low/medium/high) → {@code thinking} with a
 * budget of {@value #LOW_BUDGET}/{@value #MEDIUM_BUDGET}/{@value #HIGH_BUDGET} tokens, {@code max_tokens}
 * raised above it; {@code response_format} (json_object, json_schema) → a tool named
 * {@value #STRUCTURED_TOOL} whose input schema is the requested schema, forced with
 * {@code tool_choice} (or {@code any} when the client has tools of its own), which the response
 * translators unwrap back into message text.
 *
 * <p>Rejected with a clear 400 naming the field: {@code n > 1}, {@code logprobs}/{@code top_logprobs},
 * audio and file parts, a {@code temperature} other than 1 together with {@code reasoning_effort}
 * (extended thinking allows no other). Dropped (no equivalent, and nothing the answer depends on):
 * {@code stream_options} (the stream translator honours include_usage itself),
 * {@code presence_penalty}, {@code frequency_penalty}, {@code logit_bias}, {@code seed},
 * {@code service_tier}, {@code store}, {@code metadata}, {@code modalities}, legacy
 * {@code functions}/{@code function} messages.
 */
final class OpenAiToAnthropicRequest {

    static final int DEFAULT_MAX_TOKENS = 4096;
    /** The tool a {@code response_format} becomes; its input is the structured answer. */
    static final String STRUCTURED_TOOL = "structured_output";
    static final int LOW_BUDGET = 1024;
    static final int MEDIUM_BUDGET = 4096;
    static final int HIGH_BUDGET = 16384;

    private OpenAiToAnthropicRequest() {
    }

    static ObjectNode translate(JsonNode req) {
        if (req == null || !req.isObject()) {
            throw new TranslationException("the request body must be a JSON object");
        }
        if (req.path("n").asInt(1) > 1) {
            throw new TranslationException("n > 1 is not supported for this model (it is served over the Anthropic protocol); send n = 1");
        }
        if (req.path("logprobs").asBoolean(false) || present(req.get("top_logprobs"))) {
            throw new TranslationException("'logprobs' is not supported for this model (it is served over the Anthropic protocol); leave it out");
        }
        JsonNode in = req.get("messages");
        if (in == null || !in.isArray()) {
            throw new TranslationException("'messages' must be an array");
        }
        ObjectNode out = obj();
        copy(req, out, "model");
        List<String> system = new ArrayList<>();
        ArrayNode messages = arr();
        int index = 0;
        for (JsonNode m : in) {
            if (!m.isObject()) {
                throw new TranslationException("'messages[" + index + "]' must be an object");
            }
            Json.content(m, index++);
            String role = m.path("role").asText();
            switch (role) {
                case "system", "developer" -> {
                    String s = Json.text(m.get("content"));
                    if (!s.isEmpty()) {
                        system.add(s);
                    }
                }
                case "user" -> append(messages, "user", userBlocks(m.get("content")));
                case "assistant" -> append(messages, "assistant", assistantBlocks(m));
                case "tool" -> {
                    ObjectNode result = obj().put("type", "tool_result").put("tool_use_id", m.path("tool_call_id").asText());
                    result.put("content", Json.text(m.get("content")));
                    append(messages, "user", arr().add(result));
                }
                case "function" -> { } // legacy function-calling messages: no id to pair them with
                default -> throw new TranslationException("unknown message role '" + role + "'");
            }
        }
        if (!system.isEmpty()) {
            out.put("system", String.join("\n\n", system));
        }
        out.set("messages", messages);
        JsonNode max = present(req.get("max_completion_tokens")) ? req.get("max_completion_tokens") : req.get("max_tokens");
        out.put("max_tokens", present(max)
                ? Json.tokenCount(max, present(req.get("max_completion_tokens")) ? "max_completion_tokens" : "max_tokens")
                : DEFAULT_MAX_TOKENS);
        JsonNode stop = req.get("stop");
        if (present(stop)) {
            ArrayNode seqs = out.putArray("stop_sequences");
            if (stop.isTextual()) {
                seqs.add(stop.asText());
            } else {
                stop.forEach(s -> seqs.add(s.asText()));
            }
        }
        if (present(req.get("temperature"))) {
            double t = req.get("temperature").asDouble();
            if (t > 1.0) {
                // OpenAI's scale reaches 2, Anthropic's 1: clamping would silently answer a different
                // request. Refused for this offer only, so an offer on OpenAI's protocol may still serve it.
                throw new TranslationException("'temperature' must be between 0 and 1 for this model (it is served over the "
                        + "Anthropic protocol), got " + req.get("temperature").asText());
            }
            out.put("temperature", t);
        }
        copy(req, out, "top_p");
        copy(req, out, "top_k");
        if (req.path("stream").asBoolean(false)) {
            out.put("stream", true);
        }
        if (present(req.get("user"))) {
            out.putObject("metadata").put("user_id", req.get("user").asText());
        }
        boolean thinking = thinking(req, out);
        tools(req, out);
        structured(req, out, thinking);
        return out;
    }

    /** {@code reasoning_effort} → extended thinking; true when thinking was turned on. */
    private static boolean thinking(JsonNode req, ObjectNode out) {
        JsonNode effort = req.get("reasoning_effort");
        if (!present(effort)) {
            return false;
        }
        int budget = switch (effort.asText()) {
            case "low" -> LOW_BUDGET;
            case "medium" -> MEDIUM_BUDGET;
            case "high" -> HIGH_BUDGET;
            default -> 0; // "minimal" / "none": no thinking
        };
        if (budget == 0) {
            return false;
        }
        if (present(req.get("temperature")) && req.get("temperature").asDouble() != 1.0) {
            throw new TranslationException("'temperature' cannot be combined with 'reasoning_effort' for this model "
                    + "(it is served over the Anthropic protocol, whose extended thinking needs the default temperature); leave one out");
        }
        out.remove("temperature");
        out.putObject("thinking").put("type", "enabled").put("budget_tokens", budget);
        int max = out.path("max_tokens").asInt(DEFAULT_MAX_TOKENS);
        if (max <= budget) {
            out.put("max_tokens", budget + max);
        }
        return true;
    }

    /**
     * {@code response_format} → a tool whose input is the answer. Forced when the client has no
     * tools of its own; with tools, the model must call one of them or the structured one. Extended
     * thinking allows no forced tool, so then the system prompt asks for it instead.
     */
    private static void structured(JsonNode req, ObjectNode out, boolean thinking) {
        JsonNode format = req.get("response_format");
        if (!present(format)) {
            return;
        }
        String type = format.path("type").asText();
        ObjectNode schema;
        String description;
        switch (type) {
            case "text" -> {
                return;
            }
            case "json_object" -> {
                schema = obj().put("type", "object");
                description = "Give your final answer as this tool's input: a JSON object.";
            }
            case "json_schema" -> {
                JsonNode js = format.path("json_schema");
                JsonNode s = js.get("schema");
                if (s == null || !s.isObject()) {
                    throw new TranslationException("'response_format.json_schema.schema' must be a JSON schema object");
                }
                if (s.has("type") && !"object".equals(s.path("type").asText())) {
                    throw new TranslationException("'response_format.json_schema.schema' must describe an object for this model "
                            + "(it is served over the Anthropic protocol)");
                }
                schema = s.deepCopy();
                if (!schema.has("type")) {
                    schema.put("type", "object");
                }
                description = "Give your final answer as this tool's input"
                        + (js.path("name").isTextual() ? " (" + js.path("name").asText() + ")" : "")
                        + (js.path("description").isTextual() ? ": " + js.path("description").asText() : ".");
            }
            default -> throw new TranslationException("'response_format' type '" + type + "' is not supported");
        }
        ArrayNode tools = out.has("tools") ? (ArrayNode) out.get("tools") : out.putArray("tools");
        boolean clientTools = !tools.isEmpty();
        ObjectNode def = tools.addObject().put("name", STRUCTURED_TOOL).put("description", description);
        def.set("input_schema", schema);
        JsonNode choice = out.get("tool_choice");
        String choiceType = choice == null ? "auto" : choice.path("type").asText();
        if (thinking) {
            String ask = "Answer by calling the " + STRUCTURED_TOOL + " tool with your final answer as its input.";
            out.put("system", out.has("system") ? out.get("system").asText() + "\n\n" + ask : ask);
            if ("none".equals(choiceType)) {
                out.put("tool_choice", obj().put("type", "auto"));
            }
            return;
        }
        ObjectNode forced;
        if (!clientTools || "none".equals(choiceType)) {
            forced = obj().put("type", "tool").put("name", STRUCTURED_TOOL);
        } else if ("tool".equals(choiceType)) {
            return; // the client named its own tool: that call is the answer
        } else {
            forced = obj().put("type", "any");
        }
        if (choice != null && choice.path("disable_parallel_tool_use").asBoolean(false)) {
            forced.put("disable_parallel_tool_use", true);
        }
        out.set("tool_choice", forced);
    }

    /** Adds a turn, merging it into the previous one when the role repeats. */
    private static void append(ArrayNode messages, String role, ArrayNode blocks) {
        if (blocks.isEmpty()) {
            return;
        }
        JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        if (last != null && role.equals(last.path("role").asText())) {
            ArrayNode content = (ArrayNode) last.get("content");
            // tool_result blocks must come first in a user turn
            if ("tool_result".equals(blocks.get(0).path("type").asText())) {
                int firstNonResult = 0;
                while (firstNonResult < content.size() && "tool_result".equals(content.get(firstNonResult).path("type").asText())) {
                    firstNonResult++;
                }
                for (int i = blocks.size() - 1; i >= 0; i--) {
                    content.insert(firstNonResult, blocks.get(i));
                }
            } else {
                content.addAll(blocks);
            }
            return;
        }
        messages.addObject().put("role", role).set("content", blocks);
    }

    private static ArrayNode userBlocks(JsonNode content) {
        ArrayNode blocks = arr();
        if (content == null || content.isNull()) {
            return blocks;
        }
        if (content.isTextual()) {
            blocks.addObject().put("type", "text").put("text", content.asText());
            return blocks;
        }
        for (JsonNode part : content) {
            switch (part.path("type").asText()) {
                case "text" -> blocks.addObject().put("type", "text").put("text", part.path("text").asText());
                case "image_url" -> blocks.add(image(part.path("image_url").path("url").asText()));
                default -> throw new TranslationException("content part type '" + part.path("type").asText()
                        + "' is not supported for this model (it is served over the Anthropic protocol)");
            }
        }
        return blocks;
    }

    private static ArrayNode assistantBlocks(JsonNode m) {
        ArrayNode blocks = arr();
        String text = Json.text(m.get("content"));
        if (!text.isEmpty()) {
            blocks.addObject().put("type", "text").put("text", text);
        }
        for (JsonNode call : m.path("tool_calls")) {
            ObjectNode use = blocks.addObject().put("type", "tool_use").put("id", call.path("id").asText())
                    .put("name", call.path("function").path("name").asText());
            use.set("input", arguments(call.path("function").path("arguments").asText("")));
        }
        return blocks;
    }

    static JsonNode arguments(String args) {
        if (args.isBlank()) {
            return obj();
        }
        JsonNode parsed = Json.parse(args).orElseThrow(() ->
                new TranslationException("tool call arguments must be a JSON object"));
        if (!parsed.isObject()) {
            throw new TranslationException("tool call arguments must be a JSON object");
        }
        return parsed;
    }

    /** A data URL becomes a base64 source; anything else a url source. */
    static ObjectNode image(String url) {
        ObjectNode block = obj().put("type", "image");
        ObjectNode source = block.putObject("source");
        if (url.startsWith("data:")) {
            int comma = url.indexOf(',');
            String meta = comma < 0 ? "" : url.substring(5, comma);
            if (comma < 0 || !meta.endsWith(";base64")) {
                throw new TranslationException("image data URLs must be base64-encoded");
            }
            source.put("type", "base64").put("media_type", meta.substring(0, meta.length() - ";base64".length()))
                    .put("data", url.substring(comma + 1));
        } else {
            source.put("type", "url").put("url", url);
        }
        return block;
    }

    private static void tools(JsonNode req, ObjectNode out) {
        JsonNode tools = req.get("tools");
        if (tools != null && tools.isArray() && !tools.isEmpty()) {
            ArrayNode defs = out.putArray("tools");
            for (JsonNode t : tools) {
                JsonNode fn = t.path("function");
                ObjectNode def = defs.addObject().put("name", fn.path("name").asText());
                copy(fn, def, "description");
                JsonNode params = fn.get("parameters");
                def.set("input_schema", present(params) ? params.deepCopy() : obj().put("type", "object").set("properties", obj()));
            }
        }
        JsonNode choice = req.get("tool_choice");
        ObjectNode c = null;
        if (present(choice)) {
            if (choice.isTextual()) {
                c = switch (choice.asText()) {
                    case "auto" -> obj().put("type", "auto");
                    case "required" -> obj().put("type", "any");
                    case "none" -> obj().put("type", "none");
                    default -> throw new TranslationException("unknown tool_choice '" + choice.asText() + "'");
                };
            } else {
                c = obj().put("type", "tool").put("name", choice.path("function").path("name").asText());
            }
        }
        if (req.has("parallel_tool_calls") && !req.path("parallel_tool_calls").asBoolean(true) && out.has("tools")) {
            if (c == null) {
                c = obj().put("type", "auto");
            }
            if (!"none".equals(c.path("type").asText())) {
                c.put("disable_parallel_tool_use", true);
            }
        }
        if (c != null) {
            out.set("tool_choice", c);
        }
    }
}
