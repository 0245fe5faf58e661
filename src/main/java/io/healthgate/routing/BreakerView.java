package io.healthgate.routing;

import io.healthgate.catalog.OfferId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One breaker as an operator sees it: its state, since when and why.
 *
 * @param consecutiveFailures counting failures in a row (as of opening, while open)
 * @param failureRate failures / calls in the rolling window, 0..1 (as of opening, while open)
 * @param openUntil when an open breaker lets a trial through; empty unless open
 */
public record BreakerView(
        OfferId offer,
        BreakerState state,
        Instant since,
        String reason,
        int consecutiveFailures,
        double failureRate,
        Optional<Instant> openUntil) {

    public BreakerView {
        Objects.requireNonNull(offer, "offer");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
        reason = reason == null ? "" : reason;
        openUntil = openUntil == null ? Optional.empty() : openUntil;
    }
}
