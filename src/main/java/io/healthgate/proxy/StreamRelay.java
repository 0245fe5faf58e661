package io.healthgate.proxy;

import io.healthgate.health.OutcomeClass;
import io.healthgate.providers.Classification;
import io.healthgate.providers.sse.SseEvent;
import io.healthgate.providers.sse.SseParser;
import io.healthgate.providers.sse.SseWriter;
import io.healthgate.providers.translate.StreamTranslator;
import io.vertx.core.buffer.Buffer;

import java.util.List;
import java.util.Optional;

/**
 * Relays one upstream SSE stream to the client event by event, through the attempt's
 * {@link StreamTranslator} (pass-through or protocol translation); each event is written, and so
 * flushed, as soon as it is complete; nothing is held back. The client's response head goes out
 * with the first event, the point of no return: before it, a failure (an error status, an
 * in-band error, a cut) may still go to the next offer; after it, a failure ends the stream with
 * an error event in the front door's protocol. A stream that did not complete never ends cleanly.
 */
final class StreamRelay {
    private final Journey journey;
    private final Journey.Attempt attempt;
    private final ClientReply response;
    private final SseParser parser = new SseParser();
    private final StreamTranslator translator;
    private boolean done;

    StreamRelay(Journey journey, Journey.Attempt attempt) {
        this.journey = journey;
        this.attempt = attempt;
        this.response = journey.response;
        this.translator = attempt.bridge.stream();
    }

    void start() {
        attempt.exchange.stream(this::onChunk, v -> onEnd(), this::onError);
    }

    private void onChunk(Buffer chunk) {
        if (done || attempt.over()) {
            return;
        }
        for (SseEvent e : parser.feed(chunk.getBytes())) {
            List<SseEvent> out = translator.onEvent(e);
            Optional<SseEvent> error = translator.upstreamError();
            if (error.isPresent() && !journey.committed) {
                // An in-band error before anything reached the client: another offer may still answer.
                done = true;
                Classification c = classifyError(error.get());
                attempt.exchange.cancel("in-band error before the first byte");
                journey.failed(attempt, c, error.get().data());
                return;
            }
            if (translator.ended() && !translator.completed() && !journey.committed) {
                // A malformed stream before anything reached the client: another offer may still answer.
                done = true;
                attempt.exchange.cancel("malformed stream before the first byte");
                journey.failed(attempt, Classification.of(OutcomeClass.BAD_RESPONSE, "malformed_stream",
                        "malformed stream event before the first byte"), "");
                return;
            }
            write(out);
            if (translator.ended()) {
                finish(null);
                return;
            }
        }
        if (response.writeQueueFull()) {
            attempt.exchange.pause();
            response.onDrain(attempt.exchange::resume);
        }
    }

    private void onEnd() {
        if (done || attempt.over()) {
            return;
        }
        List<SseEvent> out = translator.onUpstreamEnd();
        if (!translator.completed() && !journey.committed) {
            done = true;
            Classification c = translator.upstreamError().map(this::classifyError)
                    .orElse(Classification.streamCut("stream ended before its first event"));
            journey.failed(attempt, c, "");
            return;
        }
        write(out);
        finish(null);
    }

    private void onError(Throwable t) {
        if (done || attempt.over()) {
            return;
        }
        Classification c = journey.proxy.classifier.classifyException(t);
        if (!journey.committed || c.outcomeClass() == OutcomeClass.CANCELLED) {
            done = true;
            journey.failed(attempt, c, "");
            return;
        }
        write(translator.onUpstreamError("the upstream stream from " + attempt.gateway.name() + " failed: "
                + c.outcomeClass().wireName() + (c.summary().isEmpty() ? "" : " (" + Journey.forClient(c.summary()) + ")")));
        finish(c);
    }

    /** Records the one outcome of this stream and ends the client's response. */
    private void finish(Classification failure) {
        done = true;
        attempt.usage.atLeast(translator.inputTokens(), translator.outputTokens());
        Classification c = failure != null && !translator.completed() ? failure : translator.outcome(journey.proxy.classifier);
        if (!journey.committed && !journey.claim(attempt)) {
            return; // another attempt answered first; this one was recorded as cancelled then
        }
        attempt.publish(c);
        if (!journey.clientGone() && !response.ended()) {
            if (!journey.committed) {
                commit();
            }
            response.end();
        }
    }

    private Classification classifyError(SseEvent e) {
        return journey.proxy.classifier.classifyStreamEvent(e)
                .orElse(Classification.of(OutcomeClass.SERVER_ERROR, "in_band", "error event in stream"));
    }

    private void write(List<SseEvent> events) {
        if (events.isEmpty() || journey.clientGone() || response.ended()) {
            return;
        }
        if (!journey.claim(attempt)) {
            done = true; // lost a hedge: the winner's answer is the client's
            return;
        }
        if (!journey.committed) {
            commit();
        }
        response.write(SseWriter.frame(events));
    }

    private void commit() {
        journey.committed = true;
        journey.proxiedHeaders(attempt);
        response.status(200)
                .chunked()
                .header("content-type", "text/event-stream; charset=utf-8")
                .header("cache-control", "no-cache");
    }
}
