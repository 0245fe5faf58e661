package io.healthgate.routing;

import io.healthgate.catalog.OfferId;
import io.healthgate.health.HealthSnapshot;
import io.healthgate.health.OfferStatus;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;

/**
 * Routing's view of the health engine's latest snapshot, read lock-free per request.
 * <p>
 * Rule: an offer whose gateway is throttled (rate limited until its Retry-After) ranks with the
 * unhealthy ones. It is still a fallback, but a request sent there now would most likely get a
 * 429 and cost the client a failover. The health status itself stays as it is: a rate limit
 * never makes a model unhealthy, it only moves it back in the line.
 */
public record SnapshotSignals(Supplier<HealthSnapshot> snapshot, Clock clock) implements HealthSignals {

    public SnapshotSignals {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(clock, "clock");
    }

    @Override
    public OfferStatus status(OfferId offer) {
        Optional<HealthSnapshot.OfferHealth> h = snapshot.get().offer(offer);
        if (h.isEmpty()) {
            return OfferStatus.UNKNOWN;
        }
        OfferStatus s = h.get().status();
        boolean throttled = h.get().throttledUntil().map(t -> t.isAfter(clock.instant())).orElse(false);
        boolean routable = s == OfferStatus.HEALTHY || s == OfferStatus.DEGRADED || s == OfferStatus.UNKNOWN;
        return throttled && routable ? OfferStatus.UNHEALTHY : s;
    }

    @Override
    public OptionalDouble uptime(OfferId offer) {
        return snapshot.get().offer(offer).flatMap(HealthSnapshot.OfferHealth::successRate)
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
