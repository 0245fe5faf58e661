package io.healthgate.routing;

import io.healthgate.catalog.OfferId;
import io.healthgate.health.OfferStatus;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Health signals a test sets by hand; {@link #breakDown()} makes every read throw. */
final class FakeHealthSignals implements HealthSignals {
    private final Map<OfferId, OfferStatus> status = new HashMap<>();
    private final Map<OfferId, Double> uptime = new HashMap<>();
    private final Map<OfferId, Duration> p50 = new HashMap<>();
    private final Map<OfferId, Duration> p95 = new HashMap<>();
    private final Map<OfferId, Double> price = new HashMap<>();
    private final Map<OfferId, java.time.Instant> demoted = new HashMap<>();
    private final java.util.Set<OfferId> throttled = new java.util.HashSet<>();
    private boolean broken;
    private OfferId brokenFor;

    FakeHealthSignals status(OfferId o, OfferStatus s) {
        status.put(o, s);
        return this;
    }

    FakeHealthSignals uptime(OfferId o, double u) {
        uptime.put(o, u);
        return this;
    }

    FakeHealthSignals p50(OfferId o, long millis) {
        p50.put(o, Duration.ofMillis(millis));
        return this;
    }

    FakeHealthSignals p95(OfferId o, long millis) {
        p95.put(o, Duration.ofMillis(millis));
        return this;
    }

    FakeHealthSignals price(OfferId o, double p) {
        price.put(o, p);
        return this;
    }

    FakeHealthSignals demotedSince(OfferId o, java.time.Instant lastFailure) {
        demoted.put(o, lastFailure);
        return this;
    }

    FakeHealthSignals throttled(OfferId o, boolean on) {
        if (on) {
            throttled.add(o);
        } else {
            throttled.remove(o);
        }
        return this;
    }

    @Override
    public java.util.Optional<java.time.Instant> demotedSince(OfferId offer) {
        check(offer);
        return java.util.Optional.ofNullable(demoted.get(offer));
    }

    @Override
    public boolean throttled(OfferId offer) {
        check(offer);
        return throttled.contains(offer);
    }

    void breakDown() {
        broken = true;
    }

    /** Only reads about this one offer throw. */
    void breakDownFor(OfferId offer) {
        brokenFor = offer;
    }

    private void check(OfferId offer) {
        if (broken || offer.equals(brokenFor)) {
            throw new IllegalStateException("health snapshot unavailable");
        }
    }

    @Override
    public OfferStatus status(OfferId offer) {
        check(offer);
        return status.getOrDefault(offer, OfferStatus.UNKNOWN);
    }

    @Override
    public OptionalDouble uptime(OfferId offer) {
        check(offer);
        Double u = uptime.get(offer);
        return u == null ? OptionalDouble.empty() : OptionalDouble.of(u);
    }

    @Override
    public Optional<Duration> ttfbP50(OfferId offer) {
        check(offer);
        return Optional.ofNullable(p50.get(offer));
    }

    @Override
    public Optional<Duration> ttfbP95(OfferId offer) {
        check(offer);
        return Optional.ofNullable(p95.get(offer));
    }

    @Override
    public OptionalDouble price(OfferId offer) {
        check(offer);
        Double p = price.get(offer);
        return p == null ? OptionalDouble.empty() : OptionalDouble.of(p);
    }
}
