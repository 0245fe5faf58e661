package io.healthgate.providers.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static io.healthgate.providers.translate.Json.arr;
import static io.healthgate.providers.translate.Json.copy;
import static io.healthgate.providers.translate.Json.obj;
import static io.healthgate.providers.translate.Json.present;

/**
 * An Anthropic Messages request as an OpenAI chat completions request.
 *
 * <p>Mapped: {@code model}, {@code system} (string or text blocks → one system message),
 * messages with text and image blocks (base64 → data URL, url → url), assistant {@code tool_use}
 * → {@code tool_calls}, user {@code tool_result} → {@code role: tool} messages placed before the
 * rest of that user turn, {@code tools} ({@code input_schema} → {@code function.parameters}),
 * {@code tool_choice} (auto/any→required/tool→function/none, {@code disable_parallel_tool_use}
 * → {@code parallel_tool_calls: false}), {@code stop_sequences} → {@code stop}, {@code max_tokens},
 * {@code temperature}, {@code top_p}, {@code stream} (+ {@code stream_options.include_usage} so
 * usage can be reported), {@code metadata.user_id} → {@code user}.
 *
 * <p>Carried where the OpenAI side has it: {@code output_config.format} (json_schema) →
 * {@code response_format}; {@code thinking} (enabled, with its budget) and {@code output_config.effort}
 * → {@code reasoning_effort}, for a model the catalog marks as reasoning (other models cannot take it).
 *
 * <p>Dropped, because OpenAI chat has no equivalent: {@code top_k}, thinking blocks sent back
 * (their signatures mean nothing elsewhere), {@code cache_control}, {@code service_tier}, {@code container}, {@code mcp_servers},
 * server tools (web search and other typed tools), {@code document} and other non-text, non-image
 * blocks; citations on text blocks. Images inside a {@code tool_result} follow the tool messages as
 * a user message, since OpenAI tool messages carry text only.
 */
final class AnthropicToOpenAiRequest {

    private AnthropicToOpenAiRequest() {
    }

    static ObjectNode translate(JsonNode req) {
        return translate(req, false);
    }

    /** @param reasoningModel the model takes {@code reasoning_effort} (the catalog's reasoning flag) */
    static ObjectNode translate(JsonNode req, boolean reasoningModel) {
        if (req == null || !req.isObject()) {
            throw new TranslationException("the request body must be a JSON object");
        }
        ObjectNode out = obj();
        copy(req, out, "model");
        ArrayNode messages = out.putArray("messages");
        String system = Json.text(req.get("system"));
        if (!system.isEmpty()) {
            messages.addObject().put("role", "system").put("content", system);
        }
        JsonNode in = req.get("messages");
        if (in == null || !in.isArray()) {
            throw new TranslationException("'messages' must be an array");
        }
        int index = 0;
        for (JsonNode m : in) {
            if (!m.isObject()) {
                throw new TranslationException("'messages[" + index + "]' must be an object");
            }
            Json.content(m, index++);
            String role = m.path("role").asText();
            switch (role) {
                case "user" -> user(m.get("content"), messages);
                case "assistant" -> assistant(m.get("content"), messages);
                default -> throw new TranslationException("message role must be 'user' or 'assistant', got '" + role + "'");
            }
        }
        copy(req, out, "max_tokens");
        copy(req, out, "temperature");
        copy(req, out, "top_p");
        copy(req, "stop_sequences", out, "stop");
        if (req.path("stream").asBoolean(false)) {
            out.put("stream", true);
            out.putObject("stream_options").put("include_usage", true);
        }
        JsonNode user = req.path("metadata").get("user_id");
        if (present(user)) {
            out.put("user", user.asText());
        }
        tools(req, out);
        outputConfig(req, out, reasoningModel);
        return out;
    }

    private static void outputConfig(JsonNode req, ObjectNode out, boolean reasoningModel) {
        JsonNode format = req.path("output_config").get("format");
        if (present(format)) {
            if (!"json_schema".equals(format.path("type").asText()) || !format.path("schema").isObject()) {
                throw new TranslationException("'output_config.format' must be {\"type\":\"json_schema\",\"schema\":{...}}");
            }
            ObjectNode rf = out.putObject("response_format").put("type", "json_schema");
            ObjectNode js = rf.putObject("json_schema").put("name", "output").put("strict", true);
            js.set("schema", format.get("schema").deepCopy());
        }
        if (!reasoningModel) {
            return;
        }
        JsonNode effort = req.path("output_config").get("effort");
        JsonNode thinking = req.get("thinking");
        if (present(effort) && effort.isTextual() && !"max".equals(effort.asText())) {
            out.put("reasoning_effort", effort.asText());
        } else if (present(effort) && "max".equals(effort.asText())) {
            out.put("reasoning_effort", "high");
        } else if (present(thinking) && "enabled".equals(thinking.path("type").asText())) {
            int budget = thinking.path("budget_tokens").asInt(0);
            out.put("reasoning_effort", budget < 4096 ? "low" : budget < 16384 ? "medium" : "high");
        }
    }

    private static void user(JsonNode content, ArrayNode messages) {
        if (content == null || content.isTextual()) {
            messages.addObject().put("role", "user").put("content", content == null ? "" : content.asText());
            return;
        }
        ArrayNode parts = arr();
        ArrayNode toolImages = arr();
        for (JsonNode block : content) {
            switch (block.path("type").asText()) {
                case "tool_result" -> {
                    ObjectNode tool = messages.addObject().put("role", "tool")
                            .put("tool_call_id", block.path("tool_use_id").asText());
                    String text = Json.text(block.get("content"));
                    tool.put("content", block.path("is_error").asBoolean(false) && !text.startsWith("Error")
                            ? "Error: " + text : text);
                    for (JsonNode inner : block.path("content")) {
                        if ("image".equals(inner.path("type").asText())) {
                            toolImages.add(image(inner));
                        }
                    }
                }
                case "text" -> parts.addObject().put("type", "text").put("text", block.path("text").asText());
                case "image" -> parts.add(image(block));
                default -> { } // documents, thinking, server-tool results: no OpenAI equivalent
            }
        }
        parts.addAll(toolImages);
        if (parts.isEmpty()) {
            return;
        }
        ObjectNode msg = messages.addObject().put("role", "user");
        if (parts.size() == 1 && "text".equals(parts.get(0).path("type").asText())) {
            msg.put("content", parts.get(0).path("text").asText());
        } else {
            msg.set("content", parts);
        }
    }

    private static void assistant(JsonNode content, ArrayNode messages) {
        ObjectNode msg = messages.addObject().put("role", "assistant");
        if (content == null || content.isTextual()) {
            msg.put("content", content == null ? "" : content.asText());
            return;
        }
        StringBuilder text = new StringBuilder();
        ArrayNode calls = arr();
        for (JsonNode block : content) {
            switch (block.path("type").asText()) {
                case "text" -> text.append(block.path("text").asText());
                case "tool_use" -> {
                    ObjectNode call = calls.addObject().put("id", block.path("id").asText()).put("type", "function");
                    JsonNode input = block.get("input");
                    call.putObject("function").put("name", block.path("name").asText())
                            .put("arguments", present(input) ? Json.write(input) : "{}");
                }
                default -> { } // thinking, redacted_thinking, server tool use
            }
        }
        if (text.isEmpty() && !calls.isEmpty()) {
            msg.putNull("content");
        } else {
            msg.put("content", text.toString());
        }
        if (!calls.isEmpty()) {
            msg.set("tool_calls", calls);
        }
    }

    /** {@code {"type":"image","source":{...}}} as an {@code image_url} part. */
    static ObjectNode image(JsonNode block) {
        JsonNode source = block.path("source");
        String url = switch (source.path("type").asText()) {
            case "base64" -> "data:" + source.path("media_type").asText("image/png") + ";base64," + source.path("data").asText();
            case "url" -> source.path("url").asText();
            default -> throw new TranslationException("image source type '" + source.path("type").asText()
                    + "' cannot be sent to an OpenAI-compatible model; use base64 or url");
        };
        ObjectNode part = obj().put("type", "image_url");
        part.putObject("image_url").put("url", url);
        return part;
    }

    private static void tools(JsonNode req, ObjectNode out) {
        JsonNode tools = req.get("tools");
        if (tools != null && tools.isArray() && !tools.isEmpty()) {
            ArrayNode fns = arr();
            for (JsonNode t : tools) {
                String type = t.path("type").asText("custom");
                if (!type.equals("custom") || !t.has("input_schema")) {
                    continue; // server tools (web_search_..., bash_..., text_editor_...) run at Anthropic only
                }
                ObjectNode fn = fns.addObject().put("type", "function").putObject("function");
                fn.put("name", t.path("name").asText());
                copy(t, fn, "description");
                fn.set("parameters", t.get("input_schema").deepCopy());
            }
            if (!fns.isEmpty()) {
                out.set("tools", fns);
            }
        }
        JsonNode choice = req.get("tool_choice");
        if (present(choice)) {
            switch (choice.path("type").asText()) {
                case "auto" -> out.put("tool_choice", "auto");
                case "any" -> out.put("tool_choice", "required");
                case "none" -> out.put("tool_choice", "none");
                case "tool" -> {
                    ObjectNode c = out.putObject("tool_choice").put("type", "function");
                    c.putObject("function").put("name", choice.path("name").asText());
                }
                default -> throw new TranslationException("unknown tool_choice type '" + choice.path("type").asText() + "'");
            }
            if (choice.path("disable_parallel_tool_use").asBoolean(false) && out.has("tools")) {
                out.put("parallel_tool_calls", false);
            }
        }
    }
}
