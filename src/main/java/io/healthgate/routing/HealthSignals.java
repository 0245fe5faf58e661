package io.healthgate.routing;

import io.healthgate.catalog.OfferId;
import io.healthgate.health.OfferStatus;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What routing needs to know about an offer's health, read on the hot path. The composition root
 * adapts the health engine's snapshot onto it. Implementations must be quick and must not block;
 * they may throw, in which case the router fails open (a health-data problem never refuses a
 * request that could have succeeded).
 */
public interface HealthSignals {

    /** The offer's status; {@link OfferStatus#UNKNOWN} when there is no evidence. */
    OfferStatus status(OfferId offer);

    /** Share of successful counting outcomes, 0..1; empty when unknown. */
    OptionalDouble uptime(OfferId offer);

    /** Median time to first byte; empty when unknown. */
    Optional<Duration> ttfbP50(OfferId offer);

    /** 95th percentile time to first byte; empty when unknown. Drives the hedge delay. */
    Optional<Duration> ttfbP95(OfferId offer);

    /**
     * The offer's price in any unit that is the same for every offer (lower is cheaper, e.g. USD
     * per million blended tokens); empty when unknown.
     */
    OptionalDouble price(OfferId offer);

    /** True while a rate limit holds the offer (its own or its gateway's): it ranks last among its model's offers. */
    default boolean throttled(OfferId offer) {
        return false;
    }

    /**
     * The newest counting failure of an offer demoted by its own failures (degraded or unhealthy
     * for that reason); empty otherwise. Drives live recovery trials.
     */
    default Optional<java.time.Instant> demotedSince(OfferId offer) {
        return Optional.empty();
    }

    /** Knows nothing about anything: every offer unknown. The fail-open signals. */
    HealthSignals NONE = new HealthSignals() {
        @Override
        public OfferStatus status(OfferId offer) {
            return OfferStatus.UNKNOWN;
        }

        @Override
        public OptionalDouble uptime(OfferId offer) {
            return OptionalDouble.empty();
        }

        @Override
        public Optional<Duration> ttfbP50(OfferId offer) {
            return Optional.empty();
        }

        @Override
        public Optional<Duration> ttfbP95(OfferId offer) {
            return Optional.empty();
        }

        @Override
        public OptionalDouble price(OfferId offer) {
            return OptionalDouble.empty();
        }

        @Override
        public String toString() {
            return "HealthSignals.NONE";
        }
    };
}
