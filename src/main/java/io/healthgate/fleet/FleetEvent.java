package io.healthgate.fleet;

import io.healthgate.catalog.OfferId;
import io.healthgate.health.OfferStatus;
import io.healthgate.health.Outcome;
import io.healthgate.routing.BreakerState;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one instance tells the others. Each event carries what the receiver needs to apply it on
 * arrival without asking anything back.
 */
public sealed interface FleetEvent {

    /** The key under which the newest event of its kind is kept for instances that (re)join. */
    String stateKey();

    /** A breaker opened (until {@code openUntil}) or closed on the sender. */
    record BreakerChanged(OfferId offer, BreakerState to, Optional<Instant> openUntil, String reason) implements FleetEvent {
        public BreakerChanged {
            Objects.requireNonNull(offer, "offer");
            Objects.requireNonNull(to, "to");
            openUntil = openUntil == null ? Optional.empty() : openUntil;
            reason = reason == null ? "" : reason;
            if (to == BreakerState.OPEN && openUntil.isEmpty()) {
                throw new IllegalArgumentException("an open breaker needs its open-until time: " + offer);
            }
        }

        @Override
        public String stateKey() {
            return "breaker:" + offer.gateway() + ":" + offer.model();
        }
    }

    /** The sender's own evidence moved an offer to a new status. */
    record StatusChanged(OfferId offer, OfferStatus status, String reason) implements FleetEvent {
        public StatusChanged {
            Objects.requireNonNull(offer, "offer");
            Objects.requireNonNull(status, "status");
            reason = reason == null ? "" : reason;
        }

        @Override
        public String stateKey() {
            return "status:" + offer.gateway() + ":" + offer.model();
        }
    }

    /**
     * A 429 throttled something until {@code until}. {@code scope} is what the engine throttles
     * today: {@code gateway} (the whole gateway named).
     */
    record Throttled(String gateway, String scope, Instant until) implements FleetEvent {
        public static final String GATEWAY_SCOPE = "gateway";

        public Throttled {
            Objects.requireNonNull(gateway, "gateway");
            Objects.requireNonNull(until, "until");
            scope = scope == null || scope.isBlank() ? GATEWAY_SCOPE : scope;
        }

        @Override
        public String stateKey() {
            return "throttle:" + scope + ":" + gateway;
        }
    }

    /** The sender probed an offer (it holds the lease): everyone records the outcome as evidence. */
    record Probed(Outcome outcome) implements FleetEvent {
        public Probed {
            Objects.requireNonNull(outcome, "outcome");
        }

        @Override
        public String stateKey() {
            return "probe:" + outcome.offer().gateway() + ":" + outcome.offer().model();
        }
    }
}
