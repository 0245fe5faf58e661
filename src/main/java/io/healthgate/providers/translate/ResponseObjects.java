package io.healthgate.providers.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static io.healthgate.providers.translate.Json.copy;
import static io.healthgate.providers.translate.Json.obj;
import static io.healthgate.providers.translate.Json.present;

/**
 * The OpenAI Responses API's {@code response} object and its output items, built from a chat
 * completion. Every field the official SDKs require is present (null where the API sends null),
 * and the request's own settings are echoed back as the API does.
 */
final class ResponseObjects {

    private ResponseObjects() {
    }

    /** A {@code response} with no output yet, in the given status. */
    static ObjectNode skeleton(ResponsesContext ctx, String status) {
        JsonNode req = ctx.request();
        ObjectNode r = obj();
        r.put("id", ctx.id());
        r.put("object", "response");
        r.put("created_at", ctx.createdAt());
        r.put("status", status);
        r.put("background", false);
        r.putNull("error");
        r.putNull("incomplete_details");
        echo(req, r, "instructions");
        echo(req, r, "max_output_tokens");
        r.put("model", ctx.model());
        r.putArray("output");
        r.put("parallel_tool_calls", req.path("parallel_tool_calls").asBoolean(true));
        echo(req, r, "previous_response_id");
        ObjectNode reasoning = r.putObject("reasoning");
        reasoning.set("effort", req.path("reasoning").path("effort").isTextual() ? req.path("reasoning").get("effort") : Json.F.nullNode());
        reasoning.putNull("summary");
        r.put("store", req.path("store").asBoolean(true));
        r.set("temperature", present(req.get("temperature")) ? req.get("temperature") : Json.F.numberNode(1.0));
        ObjectNode text = r.putObject("text");
        text.set("format", present(req.path("text").get("format")) ? req.path("text").get("format").deepCopy() : obj().put("type", "text"));
        r.set("tool_choice", present(req.get("tool_choice")) ? req.get("tool_choice").deepCopy() : Json.F.textNode("auto"));
        r.set("tools", req.path("tools").isArray() ? req.get("tools").deepCopy() : Json.arr());
        r.set("top_p", present(req.get("top_p")) ? req.get("top_p") : Json.F.numberNode(1.0));
        r.put("truncation", "disabled");
        r.putNull("usage");
        echo(req, r, "user");
        r.set("metadata", req.path("metadata").isObject() ? req.get("metadata").deepCopy() : obj());
        return r;
    }

    /** A whole chat completion as a completed (or incomplete) {@code response}. */
    static ObjectNode fromChat(JsonNode chat, ResponsesContext ctx) {
        JsonNode choices = chat.path("choices");
        if (!choices.isArray() || choices.isEmpty()) {
            throw new TranslationException("the upstream completion has no choices");
        }
        JsonNode choice = choices.get(0);
        JsonNode message = choice.path("message");
        String finish = choice.path("finish_reason").asText("stop");
        ObjectNode r = skeleton(ctx, "completed");
        ArrayNode output = (ArrayNode) r.get("output");
        String reasoning = reasoningText(message);
        if (!reasoning.isEmpty()) {
            output.add(reasoningItem(ctx.itemId("rs", 0), reasoning));
        }
        String text = message.path("content").isTextual() ? message.path("content").asText() : Json.text(message.get("content"));
        if (!text.isEmpty()) {
            output.add(messageItem(ctx.itemId("msg", output.size()), text, "completed"));
        } else if (message.path("refusal").isTextual()) {
            ObjectNode item = messageItem(ctx.itemId("msg", output.size()), "", "completed");
            ArrayNode content = item.putArray("content");
            content.addObject().put("type", "refusal").put("refusal", message.path("refusal").asText());
            output.add(item);
        }
        for (JsonNode call : message.path("tool_calls")) {
            output.add(functionCallItem(ctx.itemId("fc", output.size()), call.path("id").asText(),
                    call.path("function").path("name").asText(), call.path("function").path("arguments").asText("{}"), "completed"));
        }
        incomplete(r, finish);
        r.set("usage", usage(chat.path("usage")));
        return r;
    }

    /** length and content_filter finishes make the response {@code incomplete}, as the API reports them. */
    static void incomplete(ObjectNode r, String finish) {
        String reason = switch (finish == null ? "" : finish) {
            case "length" -> "max_output_tokens";
            case "content_filter" -> "content_filter";
            default -> null;
        };
        if (reason != null) {
            r.put("status", "incomplete");
            r.putObject("incomplete_details").put("reason", reason);
        }
    }

    static ObjectNode messageItem(String id, String text, String status) {
        ObjectNode item = obj().put("id", id).put("type", "message").put("status", status).put("role", "assistant");
        ArrayNode content = item.putArray("content");
        if (!text.isEmpty() || "in_progress".equals(status)) {
            content.add(textPart(text));
        }
        return item;
    }

    static ObjectNode textPart(String text) {
        ObjectNode part = obj().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        part.putArray("logprobs");
        return part;
    }

    static ObjectNode functionCallItem(String id, String callId, String name, String arguments, String status) {
        return obj().put("id", id).put("type", "function_call").put("status", status)
                .put("call_id", callId).put("name", name).put("arguments", arguments);
    }

    static ObjectNode reasoningItem(String id, String text) {
        ObjectNode item = obj().put("id", id).put("type", "reasoning");
        ArrayNode summary = item.putArray("summary");
        if (!text.isEmpty()) {
            summary.addObject().put("type", "summary_text").put("text", text);
        }
        return item;
    }

    /** Chat usage (prompt/completion tokens) in the Responses API's terms. */
    static ObjectNode usage(JsonNode chatUsage) {
        long input = chatUsage.path("prompt_tokens").asLong(0);
        long output = chatUsage.path("completion_tokens").asLong(0);
        ObjectNode u = obj();
        u.put("input_tokens", input);
        u.putObject("input_tokens_details").put("cached_tokens", chatUsage.path("prompt_tokens_details").path("cached_tokens").asLong(0))
                .put("cache_write_tokens", 0);
        u.put("output_tokens", output);
        u.putObject("output_tokens_details").put("reasoning_tokens",
                chatUsage.path("completion_tokens_details").path("reasoning_tokens").asLong(0));
        u.put("total_tokens", chatUsage.path("total_tokens").asLong(input + output));
        return u;
    }

    /** Reasoning text as OpenAI-compatible gateways send it: {@code reasoning_content} (DeepSeek, vLLM) or {@code reasoning}. */
    static String reasoningText(JsonNode messageOrDelta) {
        JsonNode r = messageOrDelta.get("reasoning_content");
        if (r == null || !r.isTextual()) {
            r = messageOrDelta.get("reasoning");
        }
        return r != null && r.isTextual() ? r.asText() : "";
    }

    private static void echo(JsonNode req, ObjectNode r, String field) {
        if (present(req.get(field))) {
            copy(req, r, field);
        } else {
            r.putNull(field);
        }
    }
}
