package io.healthgate.providers.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.providers.sse.SseEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.healthgate.providers.translate.Json.obj;

/**
 * OpenAI {@code chat.completion.chunk}s in, the Anthropic event sequence out:
 * {@code message_start}, {@code ping}, then for each run of text and each tool call a
 * {@code content_block_start} / {@code content_block_delta} ({@code text_delta} or
 * {@code input_json_delta}) / {@code content_block_stop}, then {@code message_delta} with the
 * stop reason and usage, then {@code message_stop}. The final {@code message_delta} waits for
 * {@code [DONE]} (or a clean close after a finish reason) because OpenAI sends usage in a chunk
 * after the one with {@code finish_reason}. Interleaved deltas of several tool calls (rare) are
 * sent to each call's block index; reasoning deltas ({@code reasoning_content} or {@code reasoning})
 * become a {@code thinking} block with {@code thinking_delta}s (and an empty signature).
 */
public final class OpenAiToAnthropicStream extends TranslatingStream {

    private final String model;
    private boolean started;
    private int nextBlock;
    private int openBlock = -1;
    private boolean openIsText;
    private boolean openIsThinking;
    private final Map<Integer, Integer> toolBlocks = new HashMap<>();
    private long inputTokens;
    private long outputTokens;
    private long cachedTokens;

    OpenAiToAnthropicStream(String model) {
        this.model = model;
    }

    @Override
    public List<SseEvent> onEvent(SseEvent upstream) {
        List<SseEvent> out = new ArrayList<>();
        JsonNode chunk = openAiChunk(upstream, out);
        if (chunk == null) {
            return out;
        }
        start(out, chunk);
        usage(chunk.get("usage"));
        JsonNode choice = chunk.path("choices").path(0);
        JsonNode delta = choice.path("delta");
        String thought = ResponseObjects.reasoningText(delta);
        if (!thought.isEmpty()) {
            if (openBlock < 0 || !openIsThinking) {
                closeBlock(out);
                openBlock = nextBlock++;
                openIsThinking = true;
                ObjectNode start = obj().put("type", "content_block_start").put("index", openBlock);
                start.putObject("content_block").put("type", "thinking").put("thinking", "").put("signature", "");
                out.add(event(start));
            }
            ObjectNode d = obj().put("type", "content_block_delta").put("index", openBlock);
            d.putObject("delta").put("type", "thinking_delta").put("thinking", thought);
            out.add(event(d));
        }
        String text = delta.path("content").isTextual() ? delta.path("content").asText() : "";
        if (!text.isEmpty()) {
            if (openBlock < 0 || !openIsText) {
                closeBlock(out);
                openBlock = nextBlock++;
                openIsText = true;
                ObjectNode start = obj().put("type", "content_block_start").put("index", openBlock);
                start.putObject("content_block").put("type", "text").put("text", "");
                out.add(event(start));
            }
            ObjectNode d = obj().put("type", "content_block_delta").put("index", openBlock);
            d.putObject("delta").put("type", "text_delta").put("text", text);
            out.add(event(d));
        }
        for (JsonNode call : delta.path("tool_calls")) {
            toolCall(out, call);
        }
        if (choice.path("finish_reason").isTextual()) {
            finishReason = choice.path("finish_reason").asText();
            closeBlock(out);
        }
        return out;
    }

    private void toolCall(List<SseEvent> out, JsonNode call) {
        int index = call.path("index").asInt(toolBlocks.size());
        Integer block = toolBlocks.get(index);
        if (block == null) {
            closeBlock(out);
            block = nextBlock++;
            toolBlocks.put(index, block);
            openBlock = block;
            openIsText = false;
            ObjectNode start = obj().put("type", "content_block_start").put("index", block);
            start.putObject("content_block").put("type", "tool_use")
                    .put("id", call.path("id").asText("toolu_" + index))
                    .put("name", call.path("function").path("name").asText(""))
                    .putObject("input");
            out.add(event(start));
        }
        String args = call.path("function").path("arguments").asText("");
        if (!args.isEmpty()) {
            ObjectNode d = obj().put("type", "content_block_delta").put("index", block);
            d.putObject("delta").put("type", "input_json_delta").put("partial_json", args);
            out.add(event(d));
        }
    }

    private void start(List<SseEvent> out, JsonNode chunk) {
        if (started) {
            return;
        }
        started = true;
        ObjectNode message = obj();
        message.put("id", Responses.anthropicId(chunk == null ? "" : chunk.path("id").asText("")));
        message.put("type", "message").put("role", "assistant");
        message.put("model", model != null ? model : chunk == null ? "" : chunk.path("model").asText(""));
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.putObject("usage").put("input_tokens", 0).put("output_tokens", 0);
        ObjectNode start = obj().put("type", "message_start");
        start.set("message", message);
        out.add(event(start));
        out.add(SseEvent.of("ping", "{\"type\":\"ping\"}"));
    }

    @Override
    protected void finish(List<SseEvent> out) {
        start(out, null);
        closeBlock(out);
        ObjectNode delta = obj().put("type", "message_delta");
        delta.putObject("delta").put("stop_reason", StopReasons.toAnthropic(finishReason)).putNull("stop_sequence");
        ObjectNode usage = delta.putObject("usage").put("input_tokens", inputTokens).put("output_tokens", outputTokens);
        if (cachedTokens > 0) {
            usage.put("cache_read_input_tokens", cachedTokens);
        }
        out.add(event(delta));
        out.add(event(obj().put("type", "message_stop")));
        ended = true;
        completed = true;
    }

    @Override
    protected void fail(List<SseEvent> out, int status, String message) {
        closeBlock(out);
        out.add(SseEvent.of("error", Json.write(ErrorShapes.anthropic(status, message))));
        ended = true;
    }

    private void closeBlock(List<SseEvent> out) {
        if (openBlock >= 0) {
            out.add(event(obj().put("type", "content_block_stop").put("index", openBlock)));
            openBlock = -1;
            openIsText = false;
            openIsThinking = false;
        }
    }

    private void usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return;
        }
        long prompt = usage.path("prompt_tokens").asLong(0);
        cachedTokens = usage.path("prompt_tokens_details").path("cached_tokens").asLong(0);
        inputTokens = Math.max(0, prompt - cachedTokens);
        outputTokens = usage.path("completion_tokens").asLong(outputTokens);
    }

    private static SseEvent event(ObjectNode data) {
        return SseEvent.of(data.path("type").asText(), Json.write(data));
    }

    @Override
    public long inputTokens() {
        return inputTokens + cachedTokens;
    }

    @Override
    public long outputTokens() {
        return outputTokens;
    }

    @Override
    public Optional<String> finishReason() {
        // The OpenAI reason we track, said in the front door's (Anthropic) words.
        return Optional.ofNullable(finishReason).map(StopReasons::toAnthropic);
    }
}
