package io.healthgate.providers.translate;

import io.healthgate.providers.sse.SseEvent;

import java.util.List;
import java.util.Optional;

/**
 * Lets an otherwise healthy stream survive a stray malformed event. An event whose data is not a
 * JSON object (and is not the end marker or a blank keep-alive) is skipped, not relayed, while the
 * stream has proved itself: at least one well-formed event came first, and the skipped ones stay
 * at most one plus one in ten of the well-formed ones. Past that the stream is mostly garbage and
 * the malformed event goes to the wrapped translator, which fails the stream as before.
 */
public final class TolerantStream implements StreamTranslator {
    private final StreamTranslator inner;
    private int wellFormed;
    private int skipped;

    public TolerantStream(StreamTranslator inner) {
        this.inner = inner;
    }

    @Override
    public List<SseEvent> onEvent(SseEvent upstream) {
        if (!inner.ended() && !upstream.data().isBlank() && !upstream.isDone()) {
            boolean malformed = !Json.isObject(upstream.data());
            if (malformed && tolerable()) {
                skipped++;
                return List.of();
            }
            if (!malformed) {
                wellFormed++;
            }
        }
        return inner.onEvent(upstream);
    }

    private boolean tolerable() {
        return wellFormed > 0 && skipped + 1 <= 1 + wellFormed / 10;
    }

    /** Malformed events skipped so far. */
    @Override
    public int skippedEvents() {
        return skipped;
    }

    @Override
    public List<SseEvent> onUpstreamEnd() {
        return inner.onUpstreamEnd();
    }

    @Override
    public List<SseEvent> onUpstreamError(String message) {
        return inner.onUpstreamError(message);
    }

    @Override
    public boolean completed() {
        return inner.completed();
    }

    @Override
    public boolean ended() {
        return inner.ended();
    }

    @Override
    public long inputTokens() {
        return inner.inputTokens();
    }

    @Override
    public long outputTokens() {
        return inner.outputTokens();
    }

    @Override
    public Optional<String> finishReason() {
        return inner.finishReason();
    }

    @Override
    public Optional<SseEvent> upstreamError() {
        return inner.upstreamError();
    }
}
