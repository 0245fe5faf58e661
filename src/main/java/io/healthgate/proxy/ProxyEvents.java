package io.healthgate.proxy;

import io.healthgate.catalog.OfferId;
import io.healthgate.health.OutcomeClass;

/**
 * What the proxy did with a request's routing, for counters (metrics subscribe here). Called on
 * an event loop: keep it quick and never block. Every method has a no-op default.
 */
public interface ProxyEvents {

    ProxyEvents NONE = new ProxyEvents() {
    };

    /** An attempt on {@code from} failed with {@code outcome} before the first byte, and {@code to} was tried next. */
    default void onFailover(OfferId from, OfferId to, OutcomeClass outcome) {
    }

    /** The plan for {@code model} failed open: health filtering left nothing, every configured offer is tried. */
    default void onFailOpen(String model) {
    }

    /** {@code first} had sent nothing by the hedge delay, so {@code second} was started alongside it. */
    default void onHedge(OfferId first, OfferId second) {
    }

    /** A malformed event in an otherwise healthy stream from {@code offer} was skipped. */
    default void onMalformedEventSkipped(OfferId offer) {
    }

    /** Every offer of {@code model} failed (or the prompt is too long for it), and {@code fallback} was tried next. */
    default void onModelFallback(String model, String fallback, OutcomeClass outcome) {
    }

    /**
     * Stream rescue after a stream from {@code from} failed mid-way: {@code result} is
     * {@code attempted} ({@code to} asked to continue), {@code continued} ({@code to} finished the
     * answer; then {@code from} is the continuing offer too), {@code failed} (no candidate
     * continued; the stream ended with the original error) or {@code not_continuable} (tools,
     * structured output, not plain text).
     */
    default void onStreamRescue(OfferId from, OfferId to, String result) {
    }

    /** A candidate was not called (its breaker refused, or the request cannot be expressed for it); no attempt counted. */
    default void onSkipped(OfferId offer, String reason) {
    }
}
