package io.healthgate.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What one gateway's outcomes say about the gateway itself, not its models: a rejected key
 * (misconfigured until a success), no credits (until a success), and throttling until the
 * Retry-After passes. One lock per gateway.
 */
final class GatewayState {
    private boolean authErrorSinceSuccess;
    private boolean noCreditsSinceSuccess;
    private Instant throttledUntil;
    private String lastGatewayError = "";

    synchronized void record(Outcome o, Instant now, Duration defaultRetryAfter) {
        switch (o.outcomeClass()) {
            case SUCCESS -> {
                authErrorSinceSuccess = false;
                noCreditsSinceSuccess = false;
            }
            case AUTH_ERROR -> {
                authErrorSinceSuccess = true;
                lastGatewayError = o.errorSummary();
            }
            case NO_CREDITS -> {
                noCreditsSinceSuccess = true;
                lastGatewayError = o.errorSummary();
            }
            case RATE_LIMITED -> {
                Duration wait = o.retryAfter().filter(d -> !d.isNegative() && !d.isZero()).orElse(defaultRetryAfter);
                Instant until = now.plus(wait);
                if (throttledUntil == null || until.isAfter(throttledUntil)) {
                    throttledUntil = until;
                }
            }
            default -> {
                // counting failures and the rest say nothing about the gateway as a whole
            }
        }
    }

    /** Throttled until {@code until} at least (another instance saw the 429). */
    synchronized void throttleUntil(Instant until) {
        if (throttledUntil == null || until.isAfter(throttledUntil)) {
            throttledUntil = until;
        }
    }

    synchronized GatewayEvidence evidence() {
        return new GatewayEvidence(authErrorSinceSuccess, noCreditsSinceSuccess, Optional.ofNullable(throttledUntil),
                lastGatewayError);
    }

    /** An immutable copy of one gateway's own state. */
    record GatewayEvidence(boolean authErrorSinceSuccess, boolean noCreditsSinceSuccess, Optional<Instant> throttledUntil,
                           String lastGatewayError) {
        static final GatewayEvidence NONE = new GatewayEvidence(false, false, Optional.empty(), "");

        boolean throttledAt(Instant now) {
            return throttledUntil.map(now::isBefore).orElse(false);
        }
    }
}
