package io.healthgate.proxy;

import io.healthgate.health.OutcomeClass;
import io.healthgate.providers.Classification;
import io.healthgate.providers.http.UpstreamTimeoutException;
import io.healthgate.providers.sse.SseEvent;
import io.healthgate.providers.sse.SseParser;
import io.healthgate.providers.sse.SseWriter;
import io.healthgate.providers.translate.StreamTranslator;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Relays one upstream SSE stream to the client event by event, through the attempt's
 * {@link StreamTranslator} (pass-through or protocol translation); the events complete in an
 * upstream chunk are written, and so flushed, together as soon as that chunk is read; nothing is
 * held back for a later chunk. The client's response head goes out
 * with the first event, the point of no return: before it, a failure (an error status, an
 * in-band error, a cut, a stall) may still go to the next offer; after it, a failure is offered to
 * stream rescue ({@link Journey#rescue}) and otherwise ends the stream with an error event in the
 * front door's protocol. A stream that did not complete never ends cleanly.
 * <p>
 * A stall is a silence between chunks longer than the attempt's stall deadline (adaptive, capped
 * by {@code routing.stream_idle_seconds}). A relay that continues a failed stream writes only the
 * continuation (its opening dropped by the attempt's filter); until it has written something it
 * fails like an attempt before the first byte.
 */
final class StreamRelay {
    private static final Logger log = LoggerFactory.getLogger(StreamRelay.class);
    private final Journey journey;
    private final Journey.Attempt attempt;
    private final ClientReply response;
    private final SseParser parser = new SseParser();
    private final StreamTranslator translator;
    private boolean done;
    /** True once this relay wrote to the client. */
    private boolean wrote;
    private int skippedReported;
    private Instant lastChunk;
    private Timers.Scheduled stallTimer = Timers.Scheduled.NONE;

    StreamRelay(Journey journey, Journey.Attempt attempt) {
        this.journey = journey;
        this.attempt = attempt;
        this.response = journey.response;
        this.translator = attempt.bridge.stream();
    }

    void start() {
        lastChunk = journey.proxy.clock.instant();
        watchForStall(attempt.streamIdle);
        attempt.exchange.stream(this::onChunk, v -> onEnd(), this::onError);
    }

    /** Before this relay wrote anything: a failure may still go to another candidate. */
    private boolean sentNothing() {
        return attempt.continues != null ? !wrote : !journey.committed;
    }

    private void watchForStall(Duration in) {
        stallTimer = journey.proxy.timers.schedule(in, () -> {
            if (done || attempt.over()) {
                return;
            }
            Duration silent = Duration.between(lastChunk, journey.proxy.clock.instant());
            if (silent.compareTo(attempt.streamIdle) < 0) {
                watchForStall(attempt.streamIdle.minus(silent));
                return;
            }
            // Handled first, so the cancellation that follows finds the relay done and is not recorded as well.
            onError(new UpstreamTimeoutException(UpstreamTimeoutException.Phase.IDLE, attempt.streamIdle.toMillis()));
            attempt.exchange.cancel("stream stalled for " + silent.toMillis() + " ms");
        });
    }

    private void onChunk(Buffer chunk) {
        if (done || attempt.over()) {
            return;
        }
        Instant now = journey.proxy.clock.instant();
        journey.proxy.timings.recordGap(attempt.offer.id(), Duration.between(lastChunk, now));
        lastChunk = now;
        // The events of one upstream chunk go out in one write: they arrived together, and a write
        // (a flush, a syscall) per event made a 22-event answer cost 22 writes where a pass-through
        // proxy makes one. Before anything decides on "nothing sent yet", what is pending is written,
        // so every decision sees what it saw when each event was written on its own.
        List<SseEvent> pending = new ArrayList<>();
        for (SseEvent e : parser.feed(chunk.getBytes())) {
            List<SseEvent> out = translator.onEvent(e);
            reportSkipped();
            Optional<SseEvent> error = translator.upstreamError();
            if (error.isPresent() || (translator.ended() && !translator.completed())) {
                write(pending);
                pending.clear();
            }
            if (error.isPresent() && sentNothing()) {
                // An in-band error before anything reached the client: another offer may still answer.
                stop();
                Classification c = classifyError(error.get());
                attempt.exchange.cancel("in-band error before the first byte");
                journey.failed(attempt, c, error.get().data());
                return;
            }
            if (translator.ended() && !translator.completed() && sentNothing()) {
                // A malformed stream before anything reached the client: another offer may still answer.
                stop();
                attempt.exchange.cancel("malformed stream before the first byte");
                journey.failed(attempt, Classification.of(OutcomeClass.BAD_RESPONSE, "malformed_stream",
                        "malformed stream event before the first byte"), "");
                return;
            }
            if (translator.ended() && !translator.completed()) {
                // Recorded first, so the cancellation that follows finds the relay done and is not recorded as well.
                failMidStream(translator.outcome(journey.proxy.classifier), out);
                attempt.exchange.cancel("the stream failed mid-way");
                return;
            }
            pending.addAll(out);
            if (translator.ended()) {
                write(pending);
                finish();
                return;
            }
        }
        write(pending);
        if (response.writeQueueFull()) {
            attempt.exchange.pause();
            response.onDrain(attempt.exchange::resume);
        }
    }

    /** A skipped malformed event is counted each time and logged once per stream. */
    private void reportSkipped() {
        int skipped = translator.skippedEvents();
        if (skipped == skippedReported) {
            return;
        }
        if (skippedReported == 0) {
            log.warn("request {}: skipped a malformed stream event from {} (further ones in this stream are counted, not logged)",
                    journey.request.requestId(), attempt.offer.id());
        }
        for (int i = skippedReported; i < skipped; i++) {
            journey.proxy.events.onMalformedEventSkipped(attempt.offer.id());
        }
        skippedReported = skipped;
    }

    private void onEnd() {
        if (done || attempt.over()) {
            return;
        }
        List<SseEvent> out = translator.onUpstreamEnd();
        if (!translator.completed() && sentNothing()) {
            stop();
            Classification c = translator.upstreamError().map(this::classifyError)
                    .orElse(Classification.streamCut("stream ended before its first event"));
            journey.failed(attempt, c, "");
            return;
        }
        if (!translator.completed()) {
            failMidStream(translator.outcome(journey.proxy.classifier), out);
            return;
        }
        write(out);
        finish();
    }

    private void onError(Throwable t) {
        if (done || attempt.over()) {
            return;
        }
        Classification c = journey.proxy.classifier.classifyException(t);
        if (sentNothing() || c.outcomeClass() == OutcomeClass.CANCELLED) {
            stop();
            journey.failed(attempt, c, "");
            return;
        }
        failMidStream(c, translator.onUpstreamError("the upstream stream from " + attempt.gateway.name() + " failed: "
                + c.outcomeClass().wireName() + (c.summary().isEmpty() ? "" : " (" + Journey.forClient(c.summary()) + ")")));
    }

    /**
     * The stream failed after this relay wrote to the client: its outcome is recorded, then the
     * journey may continue it elsewhere; otherwise the client gets {@code errorEvents} and the end.
     */
    private void failMidStream(Classification failure, List<SseEvent> errorEvents) {
        stop();
        attempt.usage.atLeast(translator.inputTokens(), translator.outputTokens());
        attempt.publish(failure);
        if (journey.clientGone() || response.ended() || journey.rescue(attempt, failure, errorEvents)) {
            return;
        }
        if (!errorEvents.isEmpty()) {
            response.write(SseWriter.frame(errorEvents));
        }
        response.end();
    }

    /** The stream completed: records its one outcome and ends the client's response. */
    private void finish() {
        stop();
        attempt.usage.atLeast(translator.inputTokens(), translator.outputTokens());
        Classification c = translator.outcome(journey.proxy.classifier);
        if (c.isSuccess() && skippedReported > 0) {
            c = new Classification(c.outcomeClass(), "malformed_events_skipped", c.retryAfter(),
                    skippedReported + " malformed stream event(s) skipped");
        }
        if (!wrote && !journey.claim(attempt)) {
            return; // another attempt answered first; this one was recorded as cancelled then
        }
        attempt.publish(c);
        if (attempt.continues != null && c.isSuccess()) {
            journey.rescued(attempt);
        }
        if (!journey.clientGone() && !response.ended()) {
            if (!journey.committed) {
                commit();
            }
            response.end();
        }
    }

    private void stop() {
        done = true;
        stallTimer.cancel();
    }

    private Classification classifyError(SseEvent e) {
        return journey.proxy.classifier.classifyStreamEvent(e)
                .orElse(Classification.of(OutcomeClass.SERVER_ERROR, "in_band", "error event in stream"));
    }

    private void write(List<SseEvent> events) {
        if (attempt.continues != null) {
            events = attempt.continues.filter(events);
        }
        if (events.isEmpty() || journey.clientGone() || response.ended()) {
            return;
        }
        if (!wrote && !journey.claim(attempt)) {
            stop(); // lost a hedge: the winner's answer is the client's
            return;
        }
        wrote = true;
        if (!journey.committed) {
            commit();
        }
        if (attempt.continues == null) {
            journey.transcript.sent(events);
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
