package io.healthgate.routing;

import io.healthgate.catalog.OfferId;

import java.time.Instant;
import java.util.Objects;

/** A breaker changed state: published to every subscriber of the {@link BreakerRegistry}. */
public record BreakerTransition(OfferId offer, BreakerState from, BreakerState to, Instant at, String reason) {
    public BreakerTransition {
        Objects.requireNonNull(offer, "offer");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(at, "at");
        reason = reason == null ? "" : reason;
        if (!from.canBecome(to)) {
            throw new IllegalArgumentException("a breaker cannot go from " + from.wireName() + " to " + to.wireName());
        }
    }
}
