package io.healthgate.providers.translate;

import io.healthgate.providers.sse.SseEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Two stream translators in a row: the upstream's events go through {@code first} (which reads
 * the upstream protocol) and its output through {@code second} (which writes the client's), so an
 * Anthropic stream reaches a Responses client by way of chat chunks without a third translator.
 * The bookkeeping that concerns the upstream (its in-band error, its token counts) is the first
 * one's; whether the client's stream ended properly is the second one's.
 */
final class ChainedStream implements StreamTranslator {
    private final StreamTranslator first;
    private final StreamTranslator second;

    ChainedStream(StreamTranslator first, StreamTranslator second) {
        this.first = first;
        this.second = second;
    }

    @Override
    public List<SseEvent> onEvent(SseEvent upstream) {
        return through(first.onEvent(upstream));
    }

    @Override
    public List<SseEvent> onUpstreamEnd() {
        List<SseEvent> out = through(first.onUpstreamEnd());
        out.addAll(second.onUpstreamEnd());
        return out;
    }

    @Override
    public List<SseEvent> onUpstreamError(String message) {
        List<SseEvent> out = through(first.onUpstreamError(message));
        out.addAll(second.onUpstreamError(message));
        return out;
    }

    private List<SseEvent> through(List<SseEvent> middle) {
        List<SseEvent> out = new ArrayList<>();
        for (SseEvent e : middle) {
            out.addAll(second.onEvent(e));
        }
        return out;
    }

    @Override
    public boolean completed() {
        return second.completed();
    }

    @Override
    public boolean ended() {
        return second.ended() || first.ended() && !first.completed();
    }

    @Override
    public long inputTokens() {
        return first.inputTokens();
    }

    @Override
    public long outputTokens() {
        return first.outputTokens();
    }

    @Override
    public Optional<String> finishReason() {
        return second.finishReason();
    }

    @Override
    public Optional<SseEvent> upstreamError() {
        return first.upstreamError();
    }
}
