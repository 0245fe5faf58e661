package io.healthgate.health;

import io.healthgate.catalog.OfferId;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One rate limit in force, as a value: what it limits (one offer, or the whole gateway), until
 * when, the wait that was asked for, and why it has that scope. A value so it can be shared
 * between instances as it is.
 *
 * @param offer the limited offer; empty for a gateway-wide limit
 * @param waited the wait applied (the Retry-After, or the default with backoff on repeats)
 * @param reason in words: what said so ("Retry-After 20 s", "account-wide limit in the body", ...)
 */
public record Throttle(Scope scope, String gateway, Optional<OfferId> offer, Instant until, Duration waited, String reason) {

    /** What a rate limit limits. */
    public enum Scope {
        /** One model on one gateway: the usual provider limit (per model, or per key and model). */
        OFFER,
        /** Every offer of the gateway: an account- or key-wide limit, or an aggregator's model-switch limit. */
        GATEWAY;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Throttle {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(waited, "waited");
        offer = offer == null ? Optional.empty() : offer;
        reason = reason == null ? "" : reason;
        if (scope == Scope.OFFER && offer.isEmpty()) {
            throw new IllegalArgumentException("an offer-scoped throttle needs its offer");
        }
    }

    public boolean activeAt(Instant now) {
        return now.isBefore(until);
    }

    /** True when it limits this offer: it is the offer's own limit, or its gateway's. */
    public boolean limits(OfferId id) {
        return scope == Scope.GATEWAY ? gateway.equals(id.gateway()) : offer.get().equals(id);
    }
}
