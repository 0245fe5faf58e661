package io.healthgate.providers.translate;

import com.fasterxml.jackson.databind.JsonNode;
import io.healthgate.providers.ErrorBodies;
import io.healthgate.providers.sse.SseEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the two cross-protocol stream translators share: the end-of-stream bookkeeping and the
 * rule for how an upstream stream ends. A stream that ends without a finish reason was cut, and
 * ends downstream with an error event, never a clean end.
 */
abstract class TranslatingStream implements StreamTranslator {
    protected boolean ended;
    protected boolean completed;
    protected String finishReason;
    protected SseEvent upstreamError;

    /** Emits the protocol's proper end (finish reason, usage, end marker) and marks the stream complete. */
    protected abstract void finish(List<SseEvent> out);

    /** Emits the protocol's error event and ends the stream. */
    protected abstract void fail(List<SseEvent> out, int status, String message);

    /**
     * The common start of reading an OpenAI chunk stream: the chunk to translate, or null when
     * the event was dealt with here (a keep-alive; {@code [DONE]}, which finishes; a malformed
     * chunk or an in-band error, which fail the stream).
     */
    protected final JsonNode openAiChunk(SseEvent upstream, List<SseEvent> out) {
        if (ended || upstream.data().isBlank()) {
            return null; // an empty keep-alive event carries nothing
        }
        if (upstream.isDone()) {
            finish(out);
            return null;
        }
        Optional<JsonNode> parsed = Json.parse(upstream.data());
        if (parsed.isEmpty() || !parsed.get().isObject()) {
            fail(out, 502, "the upstream sent a malformed stream chunk");
            return null;
        }
        JsonNode chunk = parsed.get();
        if ("error".equals(upstream.event()) || Json.present(chunk.get("error"))) {
            upstreamError = upstream;
            String message = ErrorBodies.safeMessage(upstream.data());
            fail(out, inBandStatus(chunk, message), message.isEmpty() ? "the upstream failed mid-stream" : message);
            return null;
        }
        return chunk;
    }

    /** The HTTP status an in-band OpenAI error stands for: embedded, else guessed from its words (overloaded: 529). */
    static int inBandStatus(JsonNode chunk, String message) {
        JsonNode error = chunk.path("error");
        int embedded = ErrorBodies.embeddedStatus(error.isObject() ? error : chunk, chunk);
        if (embedded > 0) {
            return embedded;
        }
        String text = (error.toString() + " " + message).toLowerCase(Locale.ROOT);
        if (text.contains("overloaded")) {
            return 529;
        }
        return text.contains("rate_limit") || text.contains("rate limit") ? 429 : 500;
    }

    @Override
    public final List<SseEvent> onUpstreamEnd() {
        List<SseEvent> out = new ArrayList<>();
        if (ended) {
            return out;
        }
        if (finishReason != null) {
            finish(out);
        } else {
            fail(out, 502, "the upstream stream ended before the response was complete");
        }
        return out;
    }

    @Override
    public final List<SseEvent> onUpstreamError(String message) {
        List<SseEvent> out = new ArrayList<>();
        if (!ended) {
            fail(out, 502, message);
        }
        return out;
    }

    @Override
    public final boolean completed() {
        return completed;
    }

    @Override
    public final boolean ended() {
        return ended;
    }

    @Override
    public Optional<String> finishReason() {
        return Optional.ofNullable(finishReason);
    }

    @Override
    public final Optional<SseEvent> upstreamError() {
        return Optional.ofNullable(upstreamError);
    }
}
