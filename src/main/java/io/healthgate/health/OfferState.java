package io.healthgate.health;

import io.healthgate.catalog.OfferId;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Everything observed about one offer: its rolling window plus the "since the last success"
 * facts the status rules need. One lock per offer, so concurrent outcomes never lose an
 * increment and different offers never contend.
 */
final class OfferState {
    /** Slow enough that a sudden slowdown stands out against it for many minutes. */
    private static final double BASELINE_ALPHA = 0.02;

    private final OfferId id;
    private final RollingWindow window;
    private long calls;
    private long successes;
    private long errors;
    private long notFound;
    private int consecutiveFailures;
    private int consecutiveSuccesses;
    /** The longest run of counting failures since the offer last recovered (an outage when it reached the unhealthy threshold). */
    private int failureStreak;
    private int notFoundSinceSuccess;
    private boolean authErrorSinceSuccess;
    private Instant lastCalled;
    private Instant lastCounting;
    private Instant lastLiveCounting;
    private Instant lastSuccess;
    private Instant lastFailure;
    private Instant lastNotFound;
    private OutcomeClass lastOutcome;
    private String lastError = "";
    private double baselineMs;
    private long baselineSamples;
    private final HealthSettings settings;
    private Throttle throttle;
    private int throttleStrikes;
    /** Drift from its own baseline (the early warning, status {@code degrading}); guarded by this object's lock. */
    private final io.healthgate.anomaly.DriftDetector drift;

    OfferState(OfferId id, HealthSettings settings) {
        this.id = id;
        this.settings = settings;
        this.window = new RollingWindow(settings.bucketWidth(), settings.windowBuckets());
        this.drift = new io.healthgate.anomaly.DriftDetector(settings.drift());
    }

    /**
     * Records one outcome. A 429 throttles this offer until its Retry-After or, without one, for
     * {@code defaultRetryAfter} doubling per 429 in a row up to {@code throttleMaxWait}; the
     * throttle taken is returned so the gateway can judge whether the limit is wider.
     */
    synchronized Optional<Throttle> record(Outcome o, Instant now) {
        OutcomeClass c = o.outcomeClass();
        if (c == OutcomeClass.RATE_LIMITED) {
            return Optional.of(throttle(o, now));
        }
        if (c != OutcomeClass.CANCELLED) {
            throttleStrikes = 0;
        }
        recordOther(o, now);
        return Optional.empty();
    }

    private Throttle throttle(Outcome o, Instant now) {
        calls++;
        lastCalled = now;
        lastOutcome = OutcomeClass.RATE_LIMITED;
        lastError = o.errorSummary();
        Optional<Duration> asked = o.retryAfter().filter(d -> !d.isNegative() && !d.isZero());
        Duration wait;
        String why;
        if (asked.isPresent()) {
            wait = asked.get();
            why = "Retry-After " + wait.toSeconds() + " s";
        } else {
            wait = settings.defaultRetryAfter();
            for (int i = 0; i < throttleStrikes && wait.compareTo(settings.throttleMaxWait()) < 0; i++) {
                wait = wait.multipliedBy(2);
            }
            wait = wait.compareTo(settings.throttleMaxWait()) > 0 ? settings.throttleMaxWait() : wait;
            why = "no Retry-After: " + wait.toSeconds() + " s" + (throttleStrikes > 0 ? " after " + (throttleStrikes + 1) + " 429s in a row" : "");
        }
        throttleStrikes++;
        Instant until = now.plus(wait);
        if (throttle == null || !throttle.activeAt(now) || until.isAfter(throttle.until())) {
            throttle = new Throttle(Throttle.Scope.OFFER, id.gateway(), Optional.of(id), until, wait, why);
        }
        return throttle;
    }

    private void recordOther(Outcome o, Instant now) {
        OutcomeClass c = o.outcomeClass();
        calls++;
        lastCalled = now;
        lastOutcome = c;
        if (c.isCountingSample()) {
            lastCounting = now;
            if (o.source() == Outcome.Source.LIVE) {
                lastLiveCounting = now;
            }
            boolean ok = c == OutcomeClass.SUCCESS;
            boolean flip = ok ? consecutiveFailures > 0 : consecutiveSuccesses > 0;
            window.record(now, ok, o.timeToFirstByte(), o.source() == Outcome.Source.LIVE, flip);
            if (ok) {
                successes++;
                if (consecutiveFailures >= settings.unhealthyConsecutiveFailures()) {
                    // It answers again after an outage: the CUSUM is full of that outage's failures, and a
                    // warning drawn from them would rank it below its peers and starve it of the successes
                    // that clear it. A failure after this brings the warning back.
                    drift.recovered(now);
                }
                consecutiveFailures = 0;
                consecutiveSuccesses++;
                if (failureStreak >= settings.unhealthyConsecutiveFailures() && consecutiveSuccesses >= settings.recoverySuccesses()) {
                    failureStreak = 0;
                    drift.recovered(now); // back from an outage: its failures are no early warning
                }
                notFoundSinceSuccess = 0;
                authErrorSinceSuccess = false;
                lastSuccess = now;
                lastError = "";
                o.timeToFirstByte().ifPresent(this::updateBaseline);
                drift.success(o.timeToFirstByte(), now);
            } else {
                drift.failure(now);
                errors++;
                consecutiveFailures++;
                failureStreak = Math.max(failureStreak, consecutiveFailures);
                consecutiveSuccesses = 0;
                lastFailure = now;
                lastError = o.errorSummary();
            }
            return;
        }
        switch (c) {
            case NOT_FOUND -> {
                notFound++;
                notFoundSinceSuccess++;
                lastNotFound = now;
                lastError = o.errorSummary();
            }
            case AUTH_ERROR -> {
                authErrorSinceSuccess = true;
                lastError = o.errorSummary();
            }
            case NO_CREDITS, BAD_REQUEST -> lastError = o.errorSummary();
            default -> {
                // cancelled: says nothing about the offer
            }
        }
    }

    private void updateBaseline(Duration ttfb) {
        double ms = ttfb.toNanos() / 1e6;
        baselineMs = baselineSamples == 0 ? ms : baselineMs + BASELINE_ALPHA * (ms - baselineMs);
        baselineSamples++;
    }

    /** Seeds the state from a stored row, so status survives a restart. */
    synchronized void restore(HealthStore.OfferRecord r, int deprecatedAfterNotFound) {
        calls = r.callCount();
        successes = r.successCount();
        errors = r.errorCount();
        notFound = r.notFoundCount();
        consecutiveFailures = r.consecutiveFailures();
        lastCalled = r.lastCalled().orElse(null);
        lastSuccess = r.lastSuccess().orElse(null);
        lastFailure = r.lastFailure().orElse(null);
        lastNotFound = r.lastNotFound().orElse(null);
        lastOutcome = r.lastOutcome().orElse(null);
        lastError = r.lastError() == null ? "" : r.lastError();
        lastCounting = later(lastSuccess, lastFailure);
        consecutiveSuccesses = consecutiveFailures == 0 && lastSuccess != null ? 1 : 0;
        boolean notFoundSince = lastNotFound != null && (lastSuccess == null || lastNotFound.isAfter(lastSuccess));
        if (notFoundSince) {
            notFoundSinceSuccess = r.status() == OfferStatus.DEPRECATED
                    ? Math.max(deprecatedAfterNotFound, 1)
                    : (int) Math.min(r.notFoundCount(), Math.max(deprecatedAfterNotFound - 1, 1));
        }
        r.latencyP50().ifPresent(p -> {
            baselineMs = p.toNanos() / 1e6;
            baselineSamples = 1;
        });
        // A rejected key is deliberately not restored: a restart is how a fixed key arrives, and
        // the first call will say so again if it is still wrong.
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    /** Counting failures in a row now (the gateway asks, to tell a new failure from a long-dead offer's). */
    synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** The evidence of an offer nothing has been observed about. */
    static OfferEvidence none(OfferId id) {
        return new OfferEvidence(id, RollingWindow.Summary.EMPTY, 0, 0, 0, 0, 0, 0, 0, false,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), "", Optional.empty(), 0, Optional.empty(), Optional.empty());
    }

    synchronized OfferEvidence evidence(Instant now) {
        return new OfferEvidence(id, window.summary(now), calls, successes, errors, notFound, consecutiveFailures,
                consecutiveSuccesses, notFoundSinceSuccess, authErrorSinceSuccess,
                Optional.ofNullable(lastCalled), Optional.ofNullable(lastCounting), Optional.ofNullable(lastLiveCounting),
                Optional.ofNullable(lastSuccess), Optional.ofNullable(lastFailure), Optional.ofNullable(lastNotFound),
                Optional.ofNullable(lastOutcome), lastError,
                baselineSamples == 0 ? Optional.empty() : Optional.of(Duration.ofNanos((long) (baselineMs * 1e6))),
                baselineSamples, Optional.ofNullable(throttle).filter(t -> t.activeAt(now)), drift.drift(now));
    }

    /**
     * An immutable copy of one offer's state at one moment.
     *
     * @param lastCounting newest success or counting failure (live or probe): the freshness of evidence
     * @param lastLiveCounting newest counting outcome from live traffic
     * @param baseline the offer's own long-run time to first byte (a slow moving average)
     * @param throttle its own rate limit, when one is in force now
     * @param drift a sustained drift from its own baseline now (see {@link io.healthgate.anomaly.DriftDetector})
     */
    record OfferEvidence(
            OfferId id,
            RollingWindow.Summary window,
            long calls,
            long successes,
            long errors,
            long notFound,
            int consecutiveFailures,
            int consecutiveSuccesses,
            int notFoundSinceSuccess,
            boolean authErrorSinceSuccess,
            Optional<Instant> lastCalled,
            Optional<Instant> lastCounting,
            Optional<Instant> lastLiveCounting,
            Optional<Instant> lastSuccess,
            Optional<Instant> lastFailure,
            Optional<Instant> lastNotFound,
            Optional<OutcomeClass> lastOutcome,
            String lastError,
            Optional<Duration> baseline,
            long baselineSamples,
            Optional<Throttle> throttle,
            Optional<io.healthgate.anomaly.Drift> drift) {

        /** True when the newest counting outcome was a failure. */
        boolean lastCountingFailed() {
            return consecutiveFailures > 0;
        }
    }
}
