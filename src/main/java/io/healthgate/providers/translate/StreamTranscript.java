package io.healthgate.providers.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.catalog.Protocol;
import io.healthgate.providers.sse.SseEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * What a client has been sent of one streamed answer, in its own protocol, so a failed stream can
 * be continued elsewhere: the text so far, whether anything but plain text went out (tool calls,
 * thinking: those are never continued), and how the client's stream names its message (OpenAI
 * chunk id, Anthropic text block index), so a continuation's events can be made to read as the
 * same answer ({@link #continuation()}).
 */
public final class StreamTranscript {
    private final Protocol client;
    private final StringBuilder text = new StringBuilder();
    private boolean onlyText = true;
    private String chunkId;
    private int textBlock = 0;

    public StreamTranscript(Protocol client) {
        this.client = client;
    }

    /** Notes events as they go to the client. */
    public void sent(List<SseEvent> events) {
        for (SseEvent e : events) {
            if (e.data().isBlank() || e.isDone()) {
                continue;
            }
            JsonNode d = Json.parse(e.data()).orElse(null);
            if (d == null || !d.isObject()) {
                continue;
            }
            if (client == Protocol.OPENAI) {
                openAi(d);
            } else {
                anthropic(e, d);
            }
        }
    }

    private void openAi(JsonNode d) {
        if (chunkId == null && d.path("id").isTextual()) {
            chunkId = d.path("id").asText();
        }
        JsonNode choices = d.path("choices");
        if (choices.size() > 1) {
            onlyText = false;
        }
        JsonNode delta = choices.path(0).path("delta");
        if (delta.has("tool_calls") || delta.has("function_call") || delta.has("reasoning") || delta.has("reasoning_content")) {
            onlyText = false;
        }
        if (delta.path("content").isTextual()) {
            text.append(delta.path("content").asText());
        }
    }

    private void anthropic(SseEvent e, JsonNode d) {
        String type = e.event().isEmpty() ? d.path("type").asText() : e.event();
        if ("content_block_start".equals(type)) {
            if ("text".equals(d.path("content_block").path("type").asText())) {
                textBlock = d.path("index").asInt(0);
            } else {
                onlyText = false;
            }
        } else if ("content_block_delta".equals(type)) {
            JsonNode delta = d.path("delta");
            if ("text_delta".equals(delta.path("type").asText())) {
                text.append(delta.path("text").asText());
            } else {
                onlyText = false;
            }
        }
    }

    /** The text the client has received so far. */
    public String text() {
        return text.toString();
    }

    /** True while only plain text (no tool call, no thinking, one choice) went out. */
    public boolean onlyText() {
        return onlyText;
    }

    /**
     * A filter for the client-protocol events of a continuation stream: its own opening (role
     * chunk, message and text block starts, pings) is dropped, since the client's answer is already
     * open; the rest is renamed to the client's message (same chunk id, same block index). The
     * continuation's text is noted here as it goes out.
     */
    public Continuation continuation() {
        return new Continuation();
    }

    /** See {@link #continuation()}. */
    public final class Continuation {
        private int ownTextBlock = -1;

        private Continuation() {
        }

        public List<SseEvent> filter(List<SseEvent> events) {
            List<SseEvent> out = new ArrayList<>(events.size());
            for (SseEvent e : events) {
                SseEvent kept = client == Protocol.OPENAI ? openAi(e) : anthropic(e);
                if (kept != null) {
                    out.add(kept);
                }
            }
            sent(out);
            return out;
        }

        private SseEvent openAi(SseEvent e) {
            JsonNode d = e.isDone() ? null : Json.parse(e.data()).orElse(null);
            if (d == null || !d.isObject() || d.has("error")) {
                return e;
            }
            JsonNode choices = d.path("choices");
            if (!choices.isEmpty()) {
                JsonNode choice = choices.path(0);
                JsonNode delta = choice.path("delta");
                boolean hasText = delta.path("content").isTextual() && !delta.path("content").asText().isEmpty();
                if (!hasText && !choice.path("finish_reason").isTextual() && !delta.has("tool_calls")) {
                    return null; // the continuation's opening role chunk: the client's answer is already open
                }
            }
            if (chunkId == null) {
                return e;
            }
            ObjectNode copy = d.deepCopy();
            copy.put("id", chunkId);
            return new SseEvent(e.event(), Json.write(copy), e.id());
        }

        private SseEvent anthropic(SseEvent e) {
            JsonNode d = Json.parse(e.data()).orElse(null);
            if (d == null || !d.isObject()) {
                return e;
            }
            String type = e.event().isEmpty() ? d.path("type").asText() : e.event();
            switch (type) {
                case "message_start", "ping" -> {
                    return null;
                }
                case "content_block_start" -> {
                    if (ownTextBlock < 0 && "text".equals(d.path("content_block").path("type").asText())) {
                        ownTextBlock = d.path("index").asInt(0);
                        return null; // the client's text block is open already
                    }
                    return e;
                }
                case "content_block_delta", "content_block_stop" -> {
                    if (d.path("index").asInt(-1) != ownTextBlock || ownTextBlock == textBlock) {
                        return e;
                    }
                    ObjectNode copy = d.deepCopy();
                    copy.put("index", textBlock);
                    return new SseEvent(e.event(), Json.write(copy), e.id());
                }
                default -> {
                    return e;
                }
            }
        }
    }
}
