package io.healthgate.health;

import java.util.Locale;

/**
 * The status of one offer, from its rolling window plus its gateway's state. Ordered from the
 * best to route to ({@link #HEALTHY}) to statuses that must not be routed to at all.
 */
public enum OfferStatus {
    /** Recent counting outcomes are (nearly) all successes and latency is near its baseline. */
    HEALTHY,
    /**
     * Healthy so far, but drifting from its own baseline (time to first byte or counting-error
     * rate) for a sustained time: the early warning. Routed to, ranked below healthy offers.
     */
    DEGRADING,
    /** Some counting errors, or latency far above its own baseline. */
    DEGRADED,
    /** No recent evidence: never checked, or evidence older than twice its tier interval. */
    UNKNOWN,
    /** Circuit open, or error rate high over enough samples. */
    UNHEALTHY,
    /** The model is gone on this gateway (not_found on repeated checks). */
    DEPRECATED,
    /** The gateway's key was rejected. */
    MISCONFIGURED,
    /** No key for the gateway. */
    UNCONFIGURED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for statuses that say something about the model itself (the denominator of health %). */
    public boolean isKnownConfigured() {
        return this == HEALTHY || this == DEGRADING || this == DEGRADED || this == UNHEALTHY || this == DEPRECATED;
    }

    /** True for statuses that serve: healthy, and healthy but drifting ({@code degrading}). */
    public boolean isServing() {
        return this == HEALTHY || this == DEGRADING;
    }

    public static OfferStatus fromWireName(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
