package io.healthgate.routing;

import io.healthgate.catalog.OfferId;

import java.time.Instant;
import java.util.Objects;

/**
 * A breaker changed state: published to every subscriber of the {@link BreakerRegistry}.
 *
 * @param fromPeer true when another instance's breaker caused it ({@link BreakerRegistry#applyPeer}):
 *     whoever shares transitions with the fleet must not send it back
 */
public record BreakerTransition(OfferId offer, BreakerState from, BreakerState to, Instant at, String reason, boolean fromPeer) {

    /** A transition caused by this instance's own outcomes or clock. */
    public BreakerTransition(OfferId offer, BreakerState from, BreakerState to, Instant at, String reason) {
        this(offer, from, to, at, reason, false);
    }

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
