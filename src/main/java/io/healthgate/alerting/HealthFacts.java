package io.healthgate.alerting;

import io.healthgate.catalog.OfferId;
import io.healthgate.catalog.Tier;
import io.healthgate.health.GatewayStatus;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the alert rules look at, taken from one health snapshot. Alerting defines its own input so
 * it does not depend on the engine's snapshot type; the composition root adapts one onto the other.
 *
 * @param at when the snapshot was taken
 * @param healthPercentage overall model health 0..100, {@link Double#NaN} when unknown (no data yet)
 * @param criticalModelsWithoutHealthyOffer critical-tier models none of whose offers is healthy
 *     (or degraded: a degraded offer still serves)
 * @param gateways every gateway's rolled-up status
 * @param openBreakers every offer whose circuit breaker is open now
 * @param driftingOffers every offer that reads {@code degrading} now (the early warning), and every
 *     offer that reads worse than that (degraded, unhealthy) now, so a warning already open stays
 *     open through the outage it foretold instead of "resolving" as the offer gets worse
 */
public record HealthFacts(
        Instant at,
        double healthPercentage,
        List<String> criticalModelsWithoutHealthyOffer,
        Map<String, GatewayStatus> gateways,
        List<OpenBreaker> openBreakers,
        List<DriftingOffer> driftingOffers) {

    public HealthFacts {
        Objects.requireNonNull(at, "at");
        if (!Double.isNaN(healthPercentage) && (healthPercentage < 0 || healthPercentage > 100)) {
            throw new IllegalArgumentException("healthPercentage must be in 0..100 or NaN, got " + healthPercentage);
        }
        criticalModelsWithoutHealthyOffer = criticalModelsWithoutHealthyOffer == null ? List.of() : List.copyOf(criticalModelsWithoutHealthyOffer);
        gateways = gateways == null ? Map.of() : Map.copyOf(gateways);
        openBreakers = openBreakers == null ? List.of() : List.copyOf(openBreakers);
        driftingOffers = driftingOffers == null ? List.of() : List.copyOf(driftingOffers);
    }

    /** Facts without drift (rules that predate the early warning, and their tests). */
    public HealthFacts(Instant at, double healthPercentage, List<String> criticalModelsWithoutHealthyOffer,
                       Map<String, GatewayStatus> gateways, List<OpenBreaker> openBreakers) {
        this(at, healthPercentage, criticalModelsWithoutHealthyOffer, gateways, openBreakers, List.of());
    }

    /** Facts with nothing wrong but the given health, handy in tests and at start. */
    public static HealthFacts ofHealth(Instant at, double healthPercentage) {
        return new HealthFacts(at, healthPercentage, List.of(), Map.of(), List.of(), List.of());
    }

    public boolean healthKnown() {
        return !Double.isNaN(healthPercentage);
    }

    /** One offer whose breaker is open, since when, and the tier it is watched at. */
    public record OpenBreaker(OfferId offer, Tier tier, Instant openSince) {
        public OpenBreaker {
            Objects.requireNonNull(offer, "offer");
            Objects.requireNonNull(tier, "tier");
            Objects.requireNonNull(openSince, "openSince");
        }
    }

    /**
     * One offer drifting from its own baseline ({@code worse} false: it reads degrading, the
     * evidence in {@code reason}), or one that already reads worse ({@code worse} true).
     */
    public record DriftingOffer(OfferId offer, Tier tier, boolean worse, String reason) {
        public DriftingOffer {
            Objects.requireNonNull(offer, "offer");
            Objects.requireNonNull(tier, "tier");
            reason = reason == null ? "" : reason;
        }
    }
}
