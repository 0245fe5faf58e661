package io.healthgate.health;

import java.util.Locale;

/**
 * The closed taxonomy every call to an offer ends in, live or probe. Health, circuit breakers,
 * failover, alerts, metrics and HTTP error mapping all read this one enum, so that what is not
 * the model's fault (a rate limit, a bad key, a client's own bad request) never makes a model
 * look unhealthy.
 */
public enum OutcomeClass {
    /** 2xx with a valid body or a complete stream. Counts for the offer. */
    SUCCESS(Counting.FOR, true),
    /** No first byte within the timeout (after the cold-start retry). Counts against. */
    TIMEOUT(Counting.AGAINST, true),
    /** 429 or a rate-limit body: the gateway is throttled, the model is fine. */
    RATE_LIMITED(Counting.NEUTRAL, true),
    /** 401/403, invalid key: the gateway is misconfigured, the model is fine. */
    AUTH_ERROR(Counting.NEUTRAL, true),
    /** 402, insufficient quota or credits: the gateway is out of credits. */
    NO_CREDITS(Counting.NEUTRAL, true),
    /** 404, model not found or decommissioned: the offer is deprecated. */
    NOT_FOUND(Counting.NEUTRAL, true),
    /** 400 caused by the request itself. Never retried elsewhere, never counted. */
    BAD_REQUEST(Counting.NEUTRAL, false),
    /** 5xx from the upstream. Counts against. */
    SERVER_ERROR(Counting.AGAINST, true),
    /** Refused, reset, TLS, DNS. Counts against. */
    CONNECTION_ERROR(Counting.AGAINST, true),
    /** 2xx with invalid JSON, no choices, or a stream cut mid-way. Counts against. */
    BAD_RESPONSE(Counting.AGAINST, true),
    /** Abandoned by us (a hedge that lost, a client that went away). Never counted. */
    CANCELLED(Counting.NEUTRAL, false);

    private enum Counting { FOR, AGAINST, NEUTRAL }

    private final Counting counting;
    private final boolean failoverAllowed;

    OutcomeClass(Counting counting, boolean failoverAllowed) {
        this.counting = counting;
        this.failoverAllowed = failoverAllowed;
    }

    /** True for the classes that make an offer less healthy (and trip its breaker). */
    public boolean countsAgainstOffer() {
        return counting == Counting.AGAINST;
    }

    /** True for the classes that enter an offer's success-rate window at all. */
    public boolean isCountingSample() {
        return counting != Counting.NEUTRAL;
    }

    /**
     * True when, before the first byte reached the client, another candidate may be tried:
     * every failure except the client's own bad request (and our own cancellation).
     */
    public boolean allowsFailover() {
        return failoverAllowed && this != SUCCESS;
    }

    /** The snake_case name used in JSON, metrics labels and the store. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OutcomeClass fromWireName(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
}
