package io.healthgate.routing;

import io.healthgate.catalog.OfferId;
import io.healthgate.health.HealthSnapshot;
import io.healthgate.health.OfferStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;

/**
 * Routing's view of the health engine's latest snapshot, read lock-free per request.
 * <p>
 * Rules: a rate limit never changes an offer's status. An offer held by one (its own, or its
 * gateway's when the limit is gateway-wide) ranks last among its model's offers until it ends:
 * still a fallback, but a request sent there now would most likely get a 429 and cost the
 * client a failover. An offer degraded or unhealthy by its own failures is "demoted since" its
 * newest failure, which drives live recovery trials ({@link RecoveryTrials}).
 */
public record SnapshotSignals(Supplier<HealthSnapshot> snapshot, Clock clock) implements HealthSignals {

    public SnapshotSignals {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(clock, "clock");
    }

    @Override
    public OfferStatus status(OfferId offer) {
        return snapshot.get().offer(offer).map(HealthSnapshot.OfferHealth::status).orElse(OfferStatus.UNKNOWN);
    }

    @Override
    public boolean throttled(OfferId offer) {
        return snapshot.get().offer(offer).flatMap(HealthSnapshot.OfferHealth::throttledUntil)
                .map(t -> t.isAfter(clock.instant())).orElse(false);
    }

    @Override
    public Optional<Instant> demotedSince(OfferId offer) {
        return snapshot.get().offer(offer).filter(HealthSnapshot.OfferHealth::demotedByFailures)
                .flatMap(HealthSnapshot.OfferHealth::lastFailure);
    }

    /**
     * The window's success rate, except for an offer that recovered (healthy, with
     * {@code monitoring.recovery_successes} successes in a row since its last failure): its uptime
     * counts from its recovery, so 1. Otherwise the failures of an outage that is over would keep a
     * recovered primary behind its backup for the whole window, and the backup would keep its
     * traffic long after the primary's trial succeeded.
     */
    @Override
    public OptionalDouble uptime(OfferId offer) {
        Optional<HealthSnapshot.OfferHealth> h = snapshot.get().offer(offer);
        if (h.isPresent() && h.get().recovered()) {
            return OptionalDouble.of(1.0);
        }
        return h.flatMap(HealthSnapshot.OfferHealth::successRate)
                .map(OptionalDouble::of).orElse(OptionalDouble.empty());
    }

    @Override
    public Optional<Duration> ttfbP50(OfferId offer) {
        return snapshot.get().offer(offer).flatMap(HealthSnapshot.OfferHealth::latencyP50);
    }

    @Override
    public Optional<Duration> ttfbP95(OfferId offer) {
        return snapshot.get().offer(offer).flatMap(HealthSnapshot.OfferHealth::latencyP95);
    }

    @Override
    public OptionalDouble price(OfferId offer) {
        return OptionalDouble.empty();
    }
}
