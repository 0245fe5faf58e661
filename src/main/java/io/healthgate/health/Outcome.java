package io.healthgate.health;

import io.healthgate.catalog.OfferId;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The classified result of one call to an offer, from live traffic or from a probe. Every
 * upstream call ends in exactly one of these; listeners (the health engine, metrics, breakers)
 * subscribe to them.
 *
 * @param statusCode the upstream HTTP status, 0 when none was received
 * @param timeToFirstByte empty when no byte arrived
 * @param errorSummary a short description with no secrets, empty on success
 * @param retryAfter how long the gateway asked us to wait (rate limits), if it said
 */
public record Outcome(
        OfferId offer,
        OutcomeClass outcomeClass,
        Source source,
        int statusCode,
        Optional<Duration> timeToFirstByte,
        Duration total,
        long inputTokens,
        long outputTokens,
        String errorSummary,
        Optional<Duration> retryAfter,
        Instant at) {

    /** Where the evidence came from. */
    public enum Source { LIVE, PROBE }

    public Outcome {
        Objects.requireNonNull(offer, "offer");
        Objects.requireNonNull(outcomeClass, "outcomeClass");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(at, "at");
        timeToFirstByte = timeToFirstByte == null ? Optional.empty() : timeToFirstByte;
        retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
        total = total == null ? Duration.ZERO : total;
        errorSummary = errorSummary == null ? "" : errorSummary;
    }

    /** A successful outcome, handy in tests. */
    public static Outcome success(OfferId offer, Source source, Duration ttfb, Instant at) {
        return new Outcome(offer, OutcomeClass.SUCCESS, source, 200, Optional.of(ttfb), ttfb, 0, 0, "", Optional.empty(), at);
    }

    /** A failed outcome, handy in tests. */
    public static Outcome failure(OfferId offer, OutcomeClass cls, Source source, int status, String summary, Instant at) {
        return new Outcome(offer, cls, source, status, Optional.empty(), Duration.ZERO, 0, 0, summary, Optional.empty(), at);
    }
}
