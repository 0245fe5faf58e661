package io.healthgate.providers.translate;

import io.healthgate.providers.Classification;
import io.healthgate.providers.OutcomeClassifier;
import io.healthgate.providers.sse.SseEvent;

import java.util.List;
import java.util.Optional;

/**
 * Translates one upstream SSE stream into the client's protocol, one event at a time: each call
 * returns the downstream events to write immediately (often one, sometimes none, never the whole
 * stream). One instance per stream; not thread-safe (a stream is relayed on one event loop).
 *
 * <p>A translator ends in exactly one of two ways: it sees the upstream's terminal event (or a
 * finish followed by a clean close) and emits the client protocol's terminal events, and then
 * {@link #completed()} is true; or it is told the upstream failed, sees an in-band error, or the
 * upstream closes early, and emits the client protocol's error event. After either, further input
 * is ignored. A stream that did not complete is a failed call: {@code bad_response} when it was
 * cut, or the class of {@link #upstreamError()} when the upstream said why.
 */
public interface StreamTranslator {

    /** One upstream event in, the downstream events to send now out. */
    List<SseEvent> onEvent(SseEvent upstream);

    /**
     * The upstream connection closed. Completes the stream when the upstream had finished (some
     * providers omit the final {@code [DONE]}), else emits an error event: the stream was cut.
     */
    List<SseEvent> onUpstreamEnd();

    /** The upstream failed mid-stream (reset, idle timeout): emits the client protocol's error event. */
    List<SseEvent> onUpstreamError(String message);

    /** True once the stream ended properly (terminal events emitted). */
    boolean completed();

    /** True once the stream ended either way; later input is ignored. */
    boolean ended();

    /** Prompt tokens reported so far (0 until the upstream says). */
    long inputTokens();

    /** Completion tokens reported so far. */
    long outputTokens();

    /** The finish reason seen, in the client protocol's terms (e.g. "end_turn", "stop"). */
    Optional<String> finishReason();

    /** Malformed upstream events skipped rather than failing the stream ({@link TolerantStream}); 0 for a strict translator. */
    default int skippedEvents() {
        return 0;
    }

    /** The upstream event that carried an error, for the outcome classifier; empty when none was seen. */
    Optional<SseEvent> upstreamError();

    /**
     * The outcome of the stream so far: success once it completed; the in-band error's class when
     * the upstream reported one; otherwise {@code bad_response} (cut, or still open). Call it after
     * {@link #onUpstreamEnd()} or {@link #onUpstreamError}; a failure the relay saw itself (idle
     * timeout, reset) is better classified from that exception with
     * {@link OutcomeClassifier#classifyException}.
     */
    default Classification outcome(OutcomeClassifier classifier) {
        if (completed()) {
            return Classification.success();
        }
        Optional<Classification> inBand = upstreamError().flatMap(classifier::classifyStreamEvent);
        return inBand.orElseGet(() -> Classification.streamCut(
                "stream ended before completion after " + outputTokens() + " output tokens"));
    }
}
