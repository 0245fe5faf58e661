package io.healthgate.providers.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.providers.ErrorBodies;
import io.healthgate.providers.sse.SseEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.healthgate.providers.translate.Json.obj;

/**
 * Anthropic stream events in, OpenAI {@code chat.completion.chunk}s out: a role chunk first
 * (on {@code message_start}), a content chunk per {@code text_delta}, tool-call chunks (the
 * first with index, id, type and name, then argument fragments from {@code input_json_delta}),
 * a chunk with {@code finish_reason} on {@code message_delta}, a usage chunk (empty choices)
 * when the client asked for {@code include_usage}, then {@code data: [DONE]} on
 * {@code message_stop}. Thinking deltas become {@code reasoning_content} deltas, as
 * OpenAI-compatible gateways send reasoning; {@code ping} produces nothing. When the request carried
 * a {@code response_format}, the {@code structured_output} tool's input fragments are the answer's
 * content deltas, and its stop reason a plain {@code stop}. An {@code error} event becomes
 * {@code data: {"error":{...}}}.
 */
public final class AnthropicToOpenAiStream extends TranslatingStream {

    private final String model;
    private final boolean includeUsage;
    private final long created;
    private final boolean structured;
    private int structuredBlock = -1;
    private String id = "chatcmpl-stream";
    private String upstreamModel = "";
    private boolean roleSent;
    private final Map<Integer, Integer> toolIndexByBlock = new HashMap<>();
    private long inputTokens;
    private long outputTokens;
    private long cacheRead;
    private long cacheWrite;

    AnthropicToOpenAiStream(String model, boolean includeUsage, long createdEpochSeconds) {
        this(model, includeUsage, createdEpochSeconds, false);
    }

    AnthropicToOpenAiStream(String model, boolean includeUsage, long createdEpochSeconds, boolean structured) {
        this.structured = structured;
        this.model = model;
        this.includeUsage = includeUsage;
        this.created = createdEpochSeconds;
    }

    @Override
    public List<SseEvent> onEvent(SseEvent upstream) {
        List<SseEvent> out = new ArrayList<>();
        if (ended) {
            return out;
        }
        if (upstream.data().isBlank()) {
            return out; // an empty keep-alive event carries nothing
        }
        Optional<JsonNode> parsed = Json.parse(upstream.data());
        if (parsed.isEmpty() || !parsed.get().isObject()) {
            fail(out, 502, "the upstream sent a malformed stream event");
            return out;
        }
        JsonNode data = parsed.get();
        String type = upstream.event().isEmpty() ? data.path("type").asText() : upstream.event();
        switch (type) {
            case "message_start" -> {
                JsonNode message = data.path("message");
                id = Responses.openAiId(message.path("id").asText(""));
                upstreamModel = message.path("model").asText("");
                usage(message.path("usage"));
                role(out);
            }
            case "content_block_start" -> {
                role(out);
                JsonNode block = data.path("content_block");
                if (structured && "tool_use".equals(block.path("type").asText())
                        && OpenAiToAnthropicRequest.STRUCTURED_TOOL.equals(block.path("name").asText())) {
                    structuredBlock = data.path("index").asInt();
                } else if ("tool_use".equals(block.path("type").asText())) {
                    int toolIndex = toolIndexByBlock.size();
                    toolIndexByBlock.put(data.path("index").asInt(), toolIndex);
                    ObjectNode call = obj().put("index", toolIndex).put("id", block.path("id").asText()).put("type", "function");
                    call.putObject("function").put("name", block.path("name").asText()).put("arguments", "");
                    out.add(chunk(toolCalls(call), null));
                } else if ("text".equals(block.path("type").asText()) && !block.path("text").asText().isEmpty()) {
                    out.add(chunk(obj().put("content", block.path("text").asText()), null));
                }
            }
            case "content_block_delta" -> {
                role(out);
                JsonNode delta = data.path("delta");
                switch (delta.path("type").asText()) {
                    case "text_delta" -> out.add(chunk(obj().put("content", delta.path("text").asText()), null));
                    case "thinking_delta" -> out.add(chunk(obj().put("reasoning_content", delta.path("thinking").asText()), null));
                    case "input_json_delta" -> {
                        if (data.path("index").asInt() == structuredBlock) {
                            String partial = delta.path("partial_json").asText("");
                            if (!partial.isEmpty()) {
                                out.add(chunk(obj().put("content", partial), null));
                            }
                            return out;
                        }
                        Integer toolIndex = toolIndexByBlock.get(data.path("index").asInt());
                        String partial = delta.path("partial_json").asText("");
                        if (toolIndex != null && !partial.isEmpty()) {
                            ObjectNode call = obj().put("index", toolIndex);
                            call.putObject("function").put("arguments", partial);
                            out.add(chunk(toolCalls(call), null));
                        }
                    }
                    default -> { } // signature_delta, citations_delta
                }
            }
            case "message_delta" -> {
                role(out);
                usage(data.path("usage"));
                JsonNode stop = data.path("delta").path("stop_reason");
                if (stop.isTextual()) {
                    boolean onlyStructured = structuredBlock >= 0 && toolIndexByBlock.isEmpty();
                    finishReason = StopReasons.toOpenAi(onlyStructured ? "end_turn" : stop.asText());
                    out.add(chunk(obj(), finishReason));
                }
            }
            case "message_stop" -> finish(out);
            case "error" -> {
                upstreamError = upstream;
                String message = ErrorBodies.safeMessage(upstream.data());
                fail(out, statusOf(data.path("error").path("type").asText()),
                        message.isEmpty() ? "the upstream failed mid-stream" : message);
            }
            default -> { } // ping, content_block_stop, and event types added later
        }
        return out;
    }

    private void role(List<SseEvent> out) {
        if (!roleSent) {
            roleSent = true;
            out.add(chunk(obj().put("role", "assistant").put("content", ""), null));
        }
    }

    @Override
    protected void finish(List<SseEvent> out) {
        role(out);
        if (finishReason == null) {
            finishReason = "stop";
            out.add(chunk(obj(), finishReason));
        }
        if (includeUsage) {
            ObjectNode usageChunk = base();
            usageChunk.putArray("choices");
            usageChunk.set("usage", Responses.openAiUsage(obj().put("input_tokens", inputTokens)
                    .put("output_tokens", outputTokens).put("cache_read_input_tokens", cacheRead)
                    .put("cache_creation_input_tokens", cacheWrite)));
            out.add(SseEvent.data(Json.write(usageChunk)));
        }
        out.add(SseEvent.done());
        ended = true;
        completed = true;
    }

    @Override
    protected void fail(List<SseEvent> out, int status, String message) {
        out.add(SseEvent.data(Json.write(ErrorShapes.openAi(status, message))));
        ended = true;
    }

    private void usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return;
        }
        // message_start carries input (and a provisional output); message_delta carries the final output
        if (usage.has("input_tokens") && !usage.get("input_tokens").isNull()) {
            inputTokens = usage.get("input_tokens").asLong();
        }
        if (usage.path("cache_read_input_tokens").isNumber()) {
            cacheRead = usage.get("cache_read_input_tokens").asLong();
        }
        if (usage.path("cache_creation_input_tokens").isNumber()) {
            cacheWrite = usage.get("cache_creation_input_tokens").asLong();
        }
        if (usage.has("output_tokens")) {
            outputTokens = usage.get("output_tokens").asLong();
        }
    }

    private ObjectNode base() {
        return obj().put("id", id).put("object", "chat.completion.chunk").put("created", created)
                .put("model", model != null ? model : upstreamModel);
    }

    private SseEvent chunk(ObjectNode delta, String finish) {
        ObjectNode c = base();
        ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        return SseEvent.data(Json.write(c));
    }

    private static ObjectNode toolCalls(ObjectNode call) {
        ObjectNode delta = obj();
        ArrayNode calls = delta.putArray("tool_calls");
        calls.add(call);
        return delta;
    }

    private static int statusOf(String anthropicType) {
        return switch (anthropicType) {
            case "overloaded_error" -> 529;
            case "rate_limit_error" -> 429;
            case "invalid_request_error" -> 400;
            case "authentication_error" -> 401;
            case "permission_error" -> 403;
            case "not_found_error" -> 404;
            case "billing_error" -> 402;
            case "request_too_large" -> 413;
            case "timeout_error" -> 504;
            default -> 500;
        };
    }

    @Override
    public long inputTokens() {
        return inputTokens + cacheRead + cacheWrite;
    }

    @Override
    public long outputTokens() {
        return outputTokens;
    }
}
