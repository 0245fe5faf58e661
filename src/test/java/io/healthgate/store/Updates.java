package io.healthgate.store;

import io.healthgate.catalog.OfferId;
import io.healthgate.catalog.Tier;
import io.healthgate.health.HealthStore.OfferUpdate;
import io.healthgate.health.OfferStatus;
import io.healthgate.health.OutcomeClass;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Builds {@link OfferUpdate}s in tests: everything absent or zero unless set. */
final class Updates {
    private final OfferId offer;
    private final Instant at;
    private String provider;
    private String upstreamModel;
    private OfferStatus status = OfferStatus.HEALTHY;
    private Tier tier;
    private long calls;
    private long successes;
    private long errors;
    private long notFound;
    private int consecutiveFailures;
    private Instant lastCalled;
    private Instant lastSuccess;
    private Instant lastFailure;
    private Instant lastNotFound;
    private OutcomeClass lastOutcome;
    private String lastError;
    private Duration p50;
    private Duration p95;

    private Updates(OfferId offer, Instant at) {
        this.offer = offer;
        this.at = at;
    }

    static Updates update(OfferId offer, Instant at) {
        return new Updates(offer, at);
    }

    Updates provider(String p, String upstream) { provider = p; upstreamModel = upstream; return this; }
    Updates status(OfferStatus s) { status = s; return this; }
    Updates tier(Tier t) { tier = t; return this; }
    Updates counts(long c, long s, long e, long nf) { calls = c; successes = s; errors = e; notFound = nf; return this; }
    Updates consecutiveFailures(int n) { consecutiveFailures = n; return this; }
    Updates lastCalled(Instant t) { lastCalled = t; return this; }
    Updates lastSuccess(Instant t) { lastSuccess = t; return this; }
    Updates lastFailure(Instant t) { lastFailure = t; return this; }
    Updates lastNotFound(Instant t) { lastNotFound = t; return this; }
    Updates outcome(OutcomeClass c, String error) { lastOutcome = c; lastError = error; return this; }
    Updates latency(Duration p50, Duration p95) { this.p50 = p50; this.p95 = p95; return this; }

    OfferUpdate build() {
        return new OfferUpdate(offer, provider, upstreamModel, status, Optional.ofNullable(tier),
                calls, successes, errors, notFound, consecutiveFailures,
                Optional.ofNullable(lastCalled), Optional.ofNullable(lastSuccess), Optional.ofNullable(lastFailure),
                Optional.ofNullable(lastNotFound), Optional.ofNullable(lastOutcome), lastError,
                Optional.ofNullable(p50), Optional.ofNullable(p95), at);
    }
}
