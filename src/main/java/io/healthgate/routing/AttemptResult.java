package io.healthgate.routing;

import io.healthgate.catalog.OfferId;
import io.healthgate.health.OutcomeClass;

import java.util.Objects;

/** How one attempt on one offer ended, as the failover policy needs it. */
public record AttemptResult(OfferId offer, OutcomeClass outcome) {
    public AttemptResult {
        Objects.requireNonNull(offer, "offer");
        Objects.requireNonNull(outcome, "outcome");
    }
}
