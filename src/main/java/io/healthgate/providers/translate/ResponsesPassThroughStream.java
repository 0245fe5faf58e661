package io.healthgate.providers.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.providers.Secrets;
import io.healthgate.providers.sse.SseEvent;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A Responses API stream relayed from a gateway that serves the Responses API itself: events go
 * out as sent, except that every {@code response} they carry has the gateway's own id for it and
 * the model id the client asked for. It completes on {@code response.completed} or {@code response.incomplete};
 * {@code error} and {@code response.failed} are in-band errors. The final response is handed to
 * {@code onCompleted} (the gateway keeps it for {@code previous_response_id}).
 */
final class ResponsesPassThroughStream extends TranslatingStream {
    private final String id;
    private final String model;
    private final Consumer<JsonNode> onCompleted;
    private long inputTokens;
    private long outputTokens;
    private int seq;

    ResponsesPassThroughStream(String id, String model, Consumer<JsonNode> onCompleted) {
        this.id = id;
        this.model = model;
        this.onCompleted = onCompleted;
    }

    @Override
    public List<SseEvent> onEvent(SseEvent upstream) {
        if (ended || upstream.data().isBlank() || upstream.isDone()) {
            return List.of();
        }
        Optional<JsonNode> parsed = Json.parse(upstream.data());
        if (parsed.isEmpty() || !parsed.get().isObject()) {
            List<SseEvent> out = new java.util.ArrayList<>();
            fail(out, 502, "the upstream sent a malformed stream event");
            return out;
        }
        ObjectNode data = (ObjectNode) parsed.get();
        String type = data.path("type").asText(upstream.event());
        seq = Math.max(seq, data.path("sequence_number").asInt(seq) + 1);
        JsonNode response = data.get("response");
        if (response instanceof ObjectNode r) {
            r.put("id", id);
            if (model != null) {
                r.put("model", model);
            }
            JsonNode usage = r.path("usage");
            inputTokens = usage.path("input_tokens").asLong(inputTokens);
            outputTokens = usage.path("output_tokens").asLong(outputTokens);
        }
        switch (type) {
            case "error", "response.failed" -> {
                upstreamError = upstream;
                ended = true;
                return List.of(new SseEvent(upstream.event(), Secrets.redact(Json.write(data)), upstream.id()));
            }
            case "response.completed", "response.incomplete" -> {
                finishReason = type;
                ended = true;
                completed = true;
                onCompleted.accept(response);
            }
            default -> { }
        }
        return List.of(new SseEvent(upstream.event(), Json.write(data), upstream.id()));
    }

    @Override
    protected void finish(List<SseEvent> out) {
        // Reached only when a finish was seen, and then the stream already ended on it.
        ended = true;
        completed = true;
    }

    @Override
    protected void fail(List<SseEvent> out, int status, String message) {
        ObjectNode e = Json.obj().put("type", "error").put("code", status >= 500 ? "server_error" : "invalid_request_error")
                .put("message", ErrorShapes.forClient(message)).putNull("param").put("sequence_number", seq++);
        out.add(SseEvent.of("error", Json.write(e)));
        ended = true;
    }

    @Override
    public long inputTokens() {
        return inputTokens;
    }

    @Override
    public long outputTokens() {
        return outputTokens;
    }
}
