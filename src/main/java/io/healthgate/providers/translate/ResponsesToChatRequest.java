package io.healthgate.providers.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static io.healthgate.providers.translate.Json.copy;
import static io.healthgate.providers.translate.Json.obj;
import static io.healthgate.providers.translate.Json.present;

/**
 * An OpenAI Responses API request ({@code POST /v1/responses}) as a chat completions request, for
 * gateways that do not serve the Responses API (and, through {@code OpenAiToAnthropicRequest},
 * for Anthropic-protocol gateways).
 *
 * <p>Mapped: {@code instructions} → a leading system message; {@code input} as a string (one user
 * message) or items: messages (roles user, system, developer, assistant; parts
 * {@code input_text}/{@code output_text} → text, {@code input_image} → {@code image_url}),
 * {@code function_call} items → assistant {@code tool_calls} (consecutive calls merged into one
 * turn), {@code function_call_output} → {@code role: tool} messages; the earlier turns of
 * {@code previous_response_id}, which the caller resolves and passes in; {@code tools} (function
 * tools) and {@code tool_choice}; {@code max_output_tokens} → {@code max_completion_tokens};
 * {@code temperature}, {@code top_p}, {@code parallel_tool_calls}, {@code user}; {@code text.format}
 * (json_schema, json_object) → {@code response_format}; {@code reasoning.effort} →
 * {@code reasoning_effort}; {@code top_logprobs} → {@code logprobs}; {@code stream} (with usage).
 *
 * <p>Rejected with a 400 naming the field: built-in tools (web search, file search, computer use,
 * code interpreter...), file inputs, item references, {@code background: true}, {@code conversation}.
 * Dropped: {@code reasoning} items (no chat equivalent), {@code include}, {@code truncation},
 * {@code store} (the gateway keeps responses itself), {@code metadata}, {@code service_tier}.
 */
final class ResponsesToChatRequest {

    private ResponsesToChatRequest() {
    }

    /**
     * @param previousItems the input and output items of the response named by
     *     {@code previous_response_id}, oldest first, or an empty array
     */
    static ObjectNode translate(JsonNode req, JsonNode previousItems) {
        if (req == null || !req.isObject()) {
            throw new TranslationException("the request body must be a JSON object");
        }
        if (req.path("background").asBoolean(false)) {
            throw new TranslationException("'background' responses are not supported by this gateway; send background: false");
        }
        if (present(req.get("conversation"))) {
            throw new TranslationException("'conversation' is not supported by this gateway; use previous_response_id or send the whole input");
        }
        ObjectNode out = obj();
        copy(req, out, "model");
        ArrayNode messages = out.putArray("messages");
        JsonNode instructions = req.get("instructions");
        if (present(instructions) && !Json.text(instructions).isEmpty()) {
            messages.addObject().put("role", "system").put("content", Json.text(instructions));
        }
        if (previousItems != null) {
            items(previousItems, messages);
        }
        JsonNode input = req.get("input");
        if (input == null || input.isNull()) {
            throw new TranslationException("missing required field 'input'");
        }
        if (input.isTextual()) {
            messages.addObject().put("role", "user").put("content", input.asText());
        } else if (input.isArray()) {
            items(input, messages);
        } else {
            throw new TranslationException("'input' must be a string or an array of input items");
        }
        copy(req, "max_output_tokens", out, "max_completion_tokens");
        copy(req, out, "temperature");
        copy(req, out, "top_p");
        copy(req, out, "parallel_tool_calls");
        copy(req, out, "user");
        copy(req, out, "top_k");
        if (present(req.get("top_logprobs"))) {
            out.put("logprobs", true);
            copy(req, out, "top_logprobs");
        }
        JsonNode effort = req.path("reasoning").get("effort");
        if (present(effort)) {
            out.put("reasoning_effort", effort.asText());
        }
        format(req.path("text").get("format"), out);
        tools(req, out);
        if (req.path("stream").asBoolean(false)) {
            out.put("stream", true);
            out.putObject("stream_options").put("include_usage", true);
        }
        return out;
    }

    private static void items(JsonNode items, ArrayNode messages) {
        for (JsonNode item : items) {
            String type = item.path("type").asText(item.has("role") ? "message" : "");
            switch (type) {
                case "message" -> message(item, messages);
                case "function_call" -> {
                    ObjectNode turn = assistantTurnForCalls(messages);
                    ObjectNode call = ((ArrayNode) turn.get("tool_calls")).addObject()
                            .put("id", item.path("call_id").asText()).put("type", "function");
                    call.putObject("function").put("name", item.path("name").asText())
                            .put("arguments", item.path("arguments").asText("{}"));
                }
                case "function_call_output" -> {
                    JsonNode output = item.get("output");
                    messages.addObject().put("role", "tool").put("tool_call_id", item.path("call_id").asText())
                            .put("content", output == null ? "" : output.isTextual() ? output.asText() : Json.text(output));
                }
                case "reasoning" -> { } // the model's own earlier reasoning: chat has no way to send it back
                default -> throw new TranslationException("input item type '" + type
                        + "' is not supported by this gateway; send messages, function_call and function_call_output items");
            }
        }
    }

    /** The assistant turn a function call joins: the previous one when it is a tool-calling turn, else a new one. */
    private static ObjectNode assistantTurnForCalls(ArrayNode messages) {
        JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        if (last != null && "assistant".equals(last.path("role").asText())) {
            ObjectNode turn = (ObjectNode) last;
            if (!turn.has("tool_calls")) {
                turn.putArray("tool_calls");
            }
            return turn;
        }
        ObjectNode turn = messages.addObject().put("role", "assistant");
        turn.putNull("content");
        turn.putArray("tool_calls");
        return turn;
    }

    private static void message(JsonNode item, ArrayNode messages) {
        String role = item.path("role").asText();
        if (!role.equals("user") && !role.equals("assistant") && !role.equals("system") && !role.equals("developer")) {
            throw new TranslationException("message role must be user, assistant, system or developer, got '" + role + "'");
        }
        JsonNode content = item.get("content");
        ObjectNode msg = messages.addObject().put("role", role);
        if (content == null || content.isNull() || content.isTextual()) {
            msg.put("content", content == null || content.isNull() ? "" : content.asText());
            return;
        }
        ArrayNode parts = Json.arr();
        for (JsonNode part : content) {
            String type = part.path("type").asText();
            switch (type) {
                case "input_text", "output_text", "text" -> parts.addObject().put("type", "text").put("text", part.path("text").asText());
                case "refusal" -> parts.addObject().put("type", "text").put("text", part.path("refusal").asText());
                case "input_image" -> {
                    if (!part.path("image_url").isTextual()) {
                        throw new TranslationException("input_image parts need an image_url (file_id is not supported by this gateway)");
                    }
                    ObjectNode img = parts.addObject().put("type", "image_url");
                    ObjectNode url = img.putObject("image_url").put("url", part.path("image_url").asText());
                    copy(part, url, "detail");
                }
                default -> throw new TranslationException("content part type '" + type + "' is not supported by this gateway");
            }
        }
        boolean allText = true;
        for (JsonNode p : parts) {
            allText &= "text".equals(p.path("type").asText());
        }
        if (allText || !role.equals("user")) {
            // assistant and system turns carry text only in chat
            msg.put("content", Json.text(parts));
        } else {
            msg.set("content", parts);
        }
    }

    /** {@code text.format} → {@code response_format}. */
    private static void format(JsonNode format, ObjectNode out) {
        if (!present(format)) {
            return;
        }
        switch (format.path("type").asText()) {
            case "text" -> { }
            case "json_object" -> out.putObject("response_format").put("type", "json_object");
            case "json_schema" -> {
                ObjectNode rf = out.putObject("response_format").put("type", "json_schema");
                ObjectNode js = rf.putObject("json_schema");
                js.put("name", format.path("name").asText("response"));
                copy(format, js, "description");
                copy(format, js, "schema");
                copy(format, js, "strict");
            }
            default -> throw new TranslationException("text.format type '" + format.path("type").asText() + "' is not supported");
        }
    }

    private static void tools(JsonNode req, ObjectNode out) {
        JsonNode tools = req.get("tools");
        if (tools != null && tools.isArray() && !tools.isEmpty()) {
            ArrayNode defs = out.putArray("tools");
            for (JsonNode t : tools) {
                String type = t.path("type").asText();
                if (!type.equals("function")) {
                    throw new TranslationException("tool type '" + type + "' is not supported by this gateway; only function tools are");
                }
                ObjectNode fn = defs.addObject().put("type", "function").putObject("function");
                fn.put("name", t.path("name").asText());
                copy(t, fn, "description");
                copy(t, fn, "parameters");
                copy(t, fn, "strict");
            }
        }
        JsonNode choice = req.get("tool_choice");
        if (!present(choice)) {
            return;
        }
        if (choice.isTextual()) {
            out.put("tool_choice", choice.asText());
        } else if ("function".equals(choice.path("type").asText())) {
            ObjectNode c = out.putObject("tool_choice").put("type", "function");
            c.putObject("function").put("name", choice.path("name").asText());
        } else {
            throw new TranslationException("tool_choice type '" + choice.path("type").asText() + "' is not supported by this gateway");
        }
    }
}
