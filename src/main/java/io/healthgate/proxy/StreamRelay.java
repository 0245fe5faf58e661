package io.healthgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.healthgate.health.OutcomeClass;
import io.healthgate.proxy.interim.Classification;
import io.healthgate.proxy.interim.SseEvent;
import io.healthgate.proxy.interim.SseParser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.util.List;
import java.util.Optional;

/**
 * Relays one upstream SSE stream to the client event by event, each written (and so flushed) as
 * soon as it is complete; nothing is held back. The client's response head is written with the
 * first event, which is the point of no return: before it a failure may still go to the next
 * offer, after it a failure ends the stream with an error event in the front door's protocol.
 * A stream that ends without its terminal event ({@code [DONE]} or {@code message_stop}) was cut,
 * and never ends cleanly for the client.
 */
final class StreamRelay {
    private final Journey journey;
    private final Journey.Attempt attempt;
    private final HttpServerResponse response;
    private final SseParser parser = new SseParser();
    private final Bridge.StreamBridge bridge;
    private boolean terminal;
    private boolean done;
    private Classification inBandError;

    StreamRelay(Journey journey, Journey.Attempt attempt) {
        this.journey = journey;
        this.attempt = attempt;
        this.response = journey.response;
        this.bridge = attempt.bridge.stream();
    }

    void start() {
        attempt.exchange.stream(this::onChunk, v -> onEnd(), this::onError);
    }

    private void onChunk(Buffer chunk) {
        if (done) {
            return;
        }
        List<SseEvent> events = parser.feed(chunk.getBytes());
        for (SseEvent e : events) {
            observe(e);
            if (inBandError != null && !journey.committed) {
                // An error before anything reached the client: still free to try another offer.
                done = true;
                attempt.exchange.cancel("error event before first byte");
                journey.failed(attempt, inBandError, e.data());
                return;
            }
            List<String> frames = bridge.frames(e);
            if (!frames.isEmpty()) {
                write(frames);
            }
        }
        if (response.writeQueueFull()) {
            attempt.exchange.pause();
            response.drainHandler(v -> attempt.exchange.resume());
        }
    }

    private void observe(SseEvent e) {
        if (e.isDone() || "message_stop".equals(e.event())) {
            terminal = true;
            return;
        }
        Optional<Classification> err = journey.proxy.classifier.classifyStreamEvent(e);
        if (err.isPresent()) {
            if (inBandError == null) {
                inBandError = err.get();
            }
            return;
        }
        Optional<JsonNode> root = Journey.parse(journey.proxy.json, e.data());
        root.ifPresent(attempt.usage::observe);
        if (root.isPresent() && "message_stop".equals(root.get().path("type").asText())) {
            terminal = true; // Anthropic streams without event: lines still say so in the data
        }
    }

    private void onEnd() {
        if (done) {
            return;
        }
        done = true;
        if (inBandError != null) {
            endWithError(inBandError, null);
            return;
        }
        if (!terminal || parser.hasPartialEvent()) {
            Classification cut = Classification.streamCut("stream ended without its terminal event");
            if (!journey.committed) {
                journey.failed(attempt, cut, "");
            } else {
                endWithError(cut, "upstream stream from " + attempt.gateway.name() + " was cut before it completed");
            }
            return;
        }
        List<String> tail = bridge.finish();
        if (!tail.isEmpty()) {
            write(tail);
        }
        attempt.publish(Classification.success());
        if (!journey.clientGone()) {
            if (!journey.committed) {
                commit();
            }
            response.end();
        }
    }

    private void onError(Throwable t) {
        if (done) {
            return;
        }
        done = true;
        Classification c = journey.proxy.classifier.classifyException(t);
        if (!journey.committed || c.outcomeClass() == OutcomeClass.CANCELLED) {
            journey.failed(attempt, c, "");
            return;
        }
        endWithError(c, "upstream stream from " + attempt.gateway.name() + " failed: " + c.outcomeClass().wireName()
                + (c.summary().isEmpty() ? "" : " (" + c.summary() + ")"));
    }

    /** Ends a stream the client already started reading: an error event, then the end. Never a clean end. */
    private void endWithError(Classification c, String message) {
        attempt.publish(c);
        if (journey.clientGone() || response.ended()) {
            return;
        }
        if (!journey.committed) {
            commit();
        }
        if (message != null) {
            int status = c.outcomeClass() == OutcomeClass.TIMEOUT ? 504 : 502;
            response.write(journey.request.frontDoor().streamErrorFrame(status, message));
        }
        response.end();
    }

    private void write(List<String> frames) {
        if (journey.clientGone() || response.ended()) {
            return;
        }
        if (!journey.committed) {
            commit();
        }
        for (String f : frames) {
            response.write(f);
        }
    }

    private void commit() {
        journey.committed = true;
        journey.proxiedHeaders(attempt.gateway.name());
        response.setStatusCode(200)
                .setChunked(true)
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-cache");
    }
}
