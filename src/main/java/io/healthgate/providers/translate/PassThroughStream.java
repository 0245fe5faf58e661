package io.healthgate.providers.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.catalog.Protocol;
import io.healthgate.providers.ErrorBodies;
import io.healthgate.providers.sse.SseEvent;

import java.util.List;
import java.util.Optional;

/**
 * A stream relayed in its own protocol: events go out unchanged (same data, same names), while
 * usage, finish reason, in-band errors and proper completion are tracked exactly as the
 * translators do, so the relay records one outcome the same way whichever path it took.
 *
 * <p>OpenAI only: when the gateway added {@code stream_options.include_usage} for its own
 * accounting but the client did not ask, the usage-only chunk is withheld from the client. If the
 * upstream finished but closed without {@code [DONE]}, the relay supplies it. A stream cut before
 * its end gets the protocol's error event. When given a model, every chunk's {@code model} (OpenAI)
 * and {@code message_start}'s message model (Anthropic) is that id: the one the client asked for.
 */
public final class PassThroughStream implements StreamTranslator {

    private final Protocol protocol;
    private final boolean clientWantsUsage;
    private final String model;
    private boolean ended;
    private boolean completed;
    private String finishReason;
    private long inputTokens;
    private long outputTokens;
    private SseEvent upstreamError;

    PassThroughStream(Protocol protocol, boolean clientWantsUsage, String model) {
        this.model = model;
        if (protocol == Protocol.SPECIAL) {
            throw new IllegalArgumentException("special gateways have no standard stream");
        }
        this.protocol = protocol;
        this.clientWantsUsage = clientWantsUsage;
    }

    @Override
    public List<SseEvent> onEvent(SseEvent upstream) {
        if (ended) {
            return List.of();
        }
        if (upstream.data().isBlank()) {
            return List.of(); // an empty keep-alive event carries nothing
        }
        if (upstream.isDone()) {
            ended = true;
            completed = true;
            return List.of(upstream);
        }
        ChunkFields fields = ChunkFields.scan(upstream.data());
        if (fields != null) {
            List<SseEvent> fast = relayed(upstream, fields);
            if (fast != null) {
                return fast;
            }
        }
        Optional<JsonNode> parsed = Json.parse(upstream.data());
        if (parsed.isEmpty() || !parsed.get().isObject()) {
            return fail(502, "the upstream sent a malformed stream event");
        }
        JsonNode data = parsed.get();
        if ("error".equals(upstream.event()) || "error".equals(data.path("type").asText()) || Json.present(data.get("error"))) {
            upstreamError = upstream;
            ended = true;
            // Forwarded to the client, so masked like every other upstream error text.
            return List.of(new SseEvent(upstream.event(), io.healthgate.providers.Secrets.redact(upstream.data()), upstream.id()));
        }
        return renamed(protocol == Protocol.OPENAI ? openAi(upstream, data) : anthropic(upstream, data));
    }

    /**
     * The bookkeeping of {@link #onEvent} from one streaming pass over the event (no tree), and the
     * event relayed as its text with only the model replaced; null when this event needs the tree
     * (a usage chunk whose usage must be cut out of a chunk that also carries choices).
     */
    private List<SseEvent> relayed(SseEvent upstream, ChunkFields f) {
        if ("error".equals(upstream.event()) || "error".equals(f.type) || f.error) {
            upstreamError = upstream;
            ended = true;
            return List.of(new SseEvent(upstream.event(), io.healthgate.providers.Secrets.redact(upstream.data()), upstream.id()));
        }
        if (protocol == Protocol.OPENAI) {
            if (f.promptTokens != null) {
                inputTokens = f.promptTokens;
            }
            if (f.completionTokens != null) {
                outputTokens = f.completionTokens;
            }
            if (f.finishReason != null) {
                finishReason = f.finishReason;
            }
            if (!clientWantsUsage && f.usage) {
                if (f.choices <= 0) {
                    return List.of(); // the usage-only chunk the client did not ask for
                }
                return null;
            }
        } else {
            String type = upstream.event().isEmpty() ? f.type : upstream.event();
            switch (type) {
                case "message_start" -> {
                    inputTokens = f.messageInput;
                    outputTokens = f.messageOutput;
                }
                case "message_delta" -> {
                    if (f.outputTokens != null) {
                        outputTokens = f.outputTokens;
                    }
                    if (f.stopReason != null) {
                        finishReason = f.stopReason;
                    }
                }
                case "message_stop" -> {
                    ended = true;
                    completed = true;
                }
                default -> { }
            }
        }
        String data = model == null ? upstream.data() : f.withModel(upstream.data(), model);
        return List.of(data == upstream.data() ? upstream : new SseEvent(upstream.event(), data, upstream.id()));
    }

    /** The events with the client's model id where they name one. */
    private List<SseEvent> renamed(List<SseEvent> events) {
        if (model == null || events.isEmpty()) {
            return events;
        }
        List<SseEvent> out = new java.util.ArrayList<>(events.size());
        for (SseEvent e : events) {
            JsonNode data = Json.parse(e.data()).orElse(null);
            ObjectNode target = data == null ? null
                    : data.has("model") ? (ObjectNode) data
                    : data.path("message").has("model") ? (ObjectNode) data.get("message") : null;
            if (target == null || model.equals(target.path("model").asText())) {
                out.add(e);
            } else {
                target.put("model", model);
                out.add(new SseEvent(e.event(), Json.write(data), e.id()));
            }
        }
        return out;
    }

    private List<SseEvent> openAi(SseEvent upstream, JsonNode chunk) {
        JsonNode usage = chunk.get("usage");
        if (usage != null && usage.isObject()) {
            inputTokens = usage.path("prompt_tokens").asLong(inputTokens);
            outputTokens = usage.path("completion_tokens").asLong(outputTokens);
        }
        JsonNode finish = chunk.path("choices").path(0).path("finish_reason");
        if (finish.isTextual()) {
            finishReason = finish.asText();
        }
        if (!clientWantsUsage && usage != null) {
            if (chunk.path("choices").isEmpty()) {
                return List.of(); // the usage-only chunk the client did not ask for
            }
            ObjectNode copy = chunk.deepCopy();
            copy.remove("usage");
            return List.of(new SseEvent(upstream.event(), Json.write(copy), upstream.id()));
        }
        return List.of(upstream);
    }

    private List<SseEvent> anthropic(SseEvent upstream, JsonNode data) {
        String type = upstream.event().isEmpty() ? data.path("type").asText() : upstream.event();
        switch (type) {
            case "message_start" -> {
                JsonNode u = data.path("message").path("usage");
                inputTokens = u.path("input_tokens").asLong(0) + u.path("cache_read_input_tokens").asLong(0)
                        + u.path("cache_creation_input_tokens").asLong(0);
                outputTokens = u.path("output_tokens").asLong(0);
            }
            case "message_delta" -> {
                outputTokens = data.path("usage").path("output_tokens").asLong(outputTokens);
                if (data.path("delta").path("stop_reason").isTextual()) {
                    finishReason = data.path("delta").path("stop_reason").asText();
                }
            }
            case "message_stop" -> {
                ended = true;
                completed = true;
            }
            default -> { }
        }
        return List.of(upstream);
    }

    @Override
    public List<SseEvent> onUpstreamEnd() {
        if (ended) {
            return List.of();
        }
        if (finishReason != null) {
            ended = true;
            completed = true;
            return protocol == Protocol.OPENAI
                    ? List.of(SseEvent.done())
                    : List.of(SseEvent.of("message_stop", "{\"type\":\"message_stop\"}"));
        }
        return fail(502, "the upstream stream ended before the response was complete");
    }

    @Override
    public List<SseEvent> onUpstreamError(String message) {
        return ended ? List.of() : fail(502, message);
    }

    private List<SseEvent> fail(int status, String message) {
        ended = true;
        return List.of(protocol == Protocol.OPENAI
                ? SseEvent.data(Json.write(ErrorShapes.openAi(status, message)))
                : SseEvent.of("error", Json.write(ErrorShapes.anthropic(status, message))));
    }

    @Override
    public boolean completed() {
        return completed;
    }

    @Override
    public boolean ended() {
        return ended;
    }

    @Override
    public long inputTokens() {
        return inputTokens;
    }

    @Override
    public long outputTokens() {
        return outputTokens;
    }

    @Override
    public Optional<String> finishReason() {
        return Optional.ofNullable(finishReason);
    }

    @Override
    public Optional<SseEvent> upstreamError() {
        return Optional.ofNullable(upstreamError);
    }

    /** The message of the in-band error, if one was seen; convenient for summaries. */
    public Optional<String> upstreamErrorMessage() {
        return upstreamError().map(e -> ErrorBodies.safeMessage(e.data()));
    }
}
