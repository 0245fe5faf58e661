package io.healthgate.providers.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static io.healthgate.providers.translate.Json.arr;
import static io.healthgate.providers.translate.Json.obj;
import static io.healthgate.providers.translate.Json.present;

/**
 * Non-streaming responses, each way. Usage follows each protocol's accounting: OpenAI's
 * {@code prompt_tokens} include cached tokens, Anthropic's {@code input_tokens} exclude cache
 * reads and writes (reported as {@code cache_read_input_tokens}/{@code cache_creation_input_tokens}).
 * Reasoning is carried where both sides have it: Anthropic thinking blocks become the
 * {@code reasoning_content} OpenAI-compatible gateways use, and {@code reasoning_content} (or
 * {@code reasoning}) becomes a thinking block (with an empty signature: it cannot be sent back to
 * Anthropic as proof, and the request translators drop it on the way back). A structured answer
 * (the {@code structured_output} tool a {@code response_format} became) is unwrapped into message
 * text, its stop reason a plain {@code stop}.
 */
final class Responses {

    private Responses() {
    }

    /** A {@code chat.completion} as an Anthropic {@code message}. */
    static ObjectNode openAiToAnthropic(JsonNode resp, String model) {
        JsonNode choices = resp.path("choices");
        if (!choices.isArray() || choices.isEmpty()) {
            throw new TranslationException("the upstream completion has no choices");
        }
        JsonNode choice = choices.get(0);
        JsonNode message = choice.path("message");
        ObjectNode out = obj();
        out.put("id", anthropicId(resp.path("id").asText("")));
        out.put("type", "message").put("role", "assistant");
        out.put("model", model != null ? model : resp.path("model").asText(""));
        ArrayNode content = out.putArray("content");
        String reasoning = ResponseObjects.reasoningText(message);
        if (!reasoning.isEmpty()) {
            content.addObject().put("type", "thinking").put("thinking", reasoning).put("signature", "");
        }
        String text = message.path("content").isTextual() ? message.path("content").asText() : Json.text(message.get("content"));
        if (!text.isEmpty()) {
            content.addObject().put("type", "text").put("text", text);
        } else if (message.path("refusal").isTextual()) {
            content.addObject().put("type", "text").put("text", message.path("refusal").asText());
        }
        for (JsonNode call : message.path("tool_calls")) {
            ObjectNode use = content.addObject().put("type", "tool_use").put("id", call.path("id").asText())
                    .put("name", call.path("function").path("name").asText());
            use.set("input", lenientArguments(call.path("function").path("arguments").asText("")));
        }
        String finish = choice.path("finish_reason").isTextual() ? choice.path("finish_reason").asText() : null;
        out.put("stop_reason", StopReasons.toAnthropic(finish));
        out.putNull("stop_sequence");
        out.set("usage", anthropicUsage(resp.path("usage")));
        return out;
    }

    /** An Anthropic {@code message} as a {@code chat.completion}. */
    static ObjectNode anthropicToOpenAi(JsonNode resp, String model, long createdEpochSeconds) {
        return anthropicToOpenAi(resp, model, createdEpochSeconds, false);
    }

    /** @param structured the request carried a {@code response_format}: the structured tool's input is the answer text */
    static ObjectNode anthropicToOpenAi(JsonNode resp, String model, long createdEpochSeconds, boolean structured) {
        if (!resp.path("content").isArray()) {
            throw new TranslationException("the upstream message has no content array");
        }
        ObjectNode out = obj();
        out.put("id", openAiId(resp.path("id").asText("")));
        out.put("object", "chat.completion");
        out.put("created", createdEpochSeconds);
        out.put("model", model != null ? model : resp.path("model").asText(""));
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        StringBuilder text = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        ArrayNode calls = arr();
        boolean unwrapped = false;
        for (JsonNode block : resp.path("content")) {
            switch (block.path("type").asText()) {
                case "text" -> text.append(block.path("text").asText());
                case "thinking" -> thinking.append(block.path("thinking").asText());
                case "tool_use" -> {
                    if (structured && OpenAiToAnthropicRequest.STRUCTURED_TOOL.equals(block.path("name").asText())) {
                        // The structured answer is the message; any preamble text the model wrote is not part of it.
                        text.setLength(0);
                        text.append(present(block.get("input")) ? Json.write(block.get("input")) : "{}");
                        unwrapped = true;
                        break;
                    }
                    ObjectNode call = calls.addObject().put("id", block.path("id").asText()).put("type", "function");
                    call.putObject("function").put("name", block.path("name").asText())
                            .put("arguments", present(block.get("input")) ? Json.write(block.get("input")) : "{}");
                }
                default -> { } // redacted thinking and server-tool blocks
            }
            if (unwrapped) {
                break;
            }
        }
        if (text.isEmpty() && !calls.isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", text.toString());
        }
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
        message.putNull("refusal");
        if (!thinking.isEmpty()) {
            message.put("reasoning_content", thinking.toString());
        }
        String stop = resp.path("stop_reason").isTextual() ? resp.path("stop_reason").asText() : null;
        if (unwrapped && calls.isEmpty()) {
            stop = "end_turn";
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", StopReasons.toOpenAi(stop));
        out.set("usage", openAiUsage(resp.path("usage")));
        return out;
    }

    static ObjectNode anthropicUsage(JsonNode usage) {
        long prompt = usage.path("prompt_tokens").asLong(0);
        long cached = usage.path("prompt_tokens_details").path("cached_tokens").asLong(0);
        ObjectNode u = obj();
        u.put("input_tokens", Math.max(0, prompt - cached));
        u.put("output_tokens", usage.path("completion_tokens").asLong(0));
        if (cached > 0) {
            u.put("cache_read_input_tokens", cached);
        }
        return u;
    }

    static ObjectNode openAiUsage(JsonNode usage) {
        long input = usage.path("input_tokens").asLong(0);
        long cacheRead = usage.path("cache_read_input_tokens").asLong(0);
        long cacheWrite = usage.path("cache_creation_input_tokens").asLong(0);
        long prompt = input + cacheRead + cacheWrite;
        long completion = usage.path("output_tokens").asLong(0);
        ObjectNode u = obj();
        u.put("prompt_tokens", prompt);
        u.put("completion_tokens", completion);
        u.put("total_tokens", prompt + completion);
        if (cacheRead > 0) {
            u.putObject("prompt_tokens_details").put("cached_tokens", cacheRead);
        }
        return u;
    }

    /** Tool arguments from a model: an object when they parse as one, else empty (models do emit broken JSON). */
    static JsonNode lenientArguments(String args) {
        return Json.parse(args).filter(JsonNode::isObject).orElseGet(Json::obj);
    }

    static String anthropicId(String id) {
        if (id.startsWith("msg_")) {
            return id;
        }
        return "msg_" + (id.startsWith("chatcmpl-") ? id.substring("chatcmpl-".length()) : id);
    }

    static String openAiId(String id) {
        if (id.startsWith("chatcmpl-")) {
            return id;
        }
        return "chatcmpl-" + (id.startsWith("msg_") ? id.substring("msg_".length()) : id);
    }
}
