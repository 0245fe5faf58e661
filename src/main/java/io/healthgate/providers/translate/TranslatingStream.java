package io.healthgate.providers.translate;

import io.healthgate.providers.sse.SseEvent;

import java.util.ArrayList;
import java.util.List;
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
