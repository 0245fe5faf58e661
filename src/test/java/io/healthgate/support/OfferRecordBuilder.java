package io.healthgate.support;

import io.healthgate.catalog.OfferId;
import io.healthgate.catalog.Tier;
import io.healthgate.health.HealthStore.OfferRecord;
import io.healthgate.health.OfferStatus;

import java.time.Instant;
import java.util.Optional;

/** Builds {@link OfferRecord} rows for tests: a healthy-looking row unless told otherwise. */
public final class OfferRecordBuilder {
    private final OfferId offer;
    private String upstreamModel;
    private OfferStatus status = OfferStatus.UNKNOWN;
    private long calls;
    private long successes;
    private long errors;
    private long notFound;
    private Instant lastCalled;
    private Instant lastSuccess;
    private Instant firstNotFound;
    private Instant lastNotFound;
    private Instant createdAt;

    private OfferRecordBuilder(String gateway, String model, Instant createdAt) {
        this.offer = new OfferId(gateway, model);
        this.upstreamModel = model;
        this.createdAt = createdAt;
    }

    public static OfferRecordBuilder offer(String gateway, String model, Instant createdAt) {
        return new OfferRecordBuilder(gateway, model, createdAt);
    }

    public OfferRecordBuilder upstream(String u) {
        upstreamModel = u;
        return this;
    }

    public OfferRecordBuilder status(OfferStatus s) {
        status = s;
        return this;
    }

    public OfferRecordBuilder calls(long calls, long successes, long errors) {
        this.calls = calls;
        this.successes = successes;
        this.errors = errors;
        return this;
    }

    public OfferRecordBuilder notFound(long count, Instant first, Instant last) {
        this.notFound = count;
        this.firstNotFound = first;
        this.lastNotFound = last;
        return this;
    }

    public OfferRecordBuilder lastCalled(Instant t) {
        lastCalled = t;
        return this;
    }

    public OfferRecordBuilder lastSuccess(Instant t) {
        lastSuccess = t;
        return this;
    }

    public OfferRecordBuilder createdAt(Instant t) {
        createdAt = t;
        return this;
    }

    public OfferRecord build() {
        Instant updated = lastCalled != null ? lastCalled : createdAt;
        return new OfferRecord(offer, offer.model().contains("/") ? offer.model().substring(0, offer.model().indexOf('/')) : "unknown",
                upstreamModel, status, Optional.of(Tier.STANDARD), calls, successes, errors, notFound, 0,
                Optional.ofNullable(lastCalled), Optional.ofNullable(lastSuccess), Optional.empty(),
                Optional.ofNullable(firstNotFound), Optional.ofNullable(lastNotFound), Optional.empty(), "",
                Optional.empty(), Optional.empty(), createdAt, updated);
    }
}
