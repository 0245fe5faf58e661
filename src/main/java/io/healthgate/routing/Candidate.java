package io.healthgate.routing;

import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Offer;
import io.healthgate.catalog.OfferId;
import io.healthgate.health.OfferStatus;

import java.util.Objects;

/**
 * One offer the proxy may call, in plan order.
 *
 * @param status the offer's status when the plan was made ({@code unknown} when unreadable)
 * @param trial true when its breaker is half-open: the proxy must win
 *        {@link BreakerRegistry#tryAcquirePermission} before calling it, else skip it
 * @param reason one line on why it is here and where
 */
public record Candidate(Offer offer, Gateway gateway, OfferStatus status, boolean trial, String reason) {
    public Candidate {
        Objects.requireNonNull(offer, "offer");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(status, "status");
        reason = reason == null ? "" : reason;
    }

    public OfferId id() {
        return offer.id();
    }
}
