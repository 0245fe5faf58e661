package io.healthgate.simulator;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * The real state of a simulated offer right now, as a client holding the gateway's right key
 * would find it. This is the ground truth the health engine is measured against.
 */
public enum TruthState {
    /** Answers correctly and promptly. */
    UP,
    /** Answers correctly, but its first byte is slow even when warm. */
    SLOW,
    /** Answers correctly; the first call after a long idle is much slower (cold start). */
    COLD_START,
    /** Answers correctly most of the time; a seeded share of calls fail with a 5xx. */
    FLAKY,
    /**
     * Still answers, but latency or the error rate is rising along a scheduled ramp towards an
     * outage ({@code until} says when the outage itself starts).
     */
    DEGRADING,
    /** Every call fails: 5xx, 529 or a refused connection. */
    DOWN,
    /** The gateway answers 429. */
    RATE_LIMITED,
    /** The gateway rejects the key (401). */
    AUTH_REJECTED,
    /** The gateway answers 402. */
    NO_CREDITS,
    /** The model is gone (404). */
    NOT_FOUND,
    /** Calls never answer. */
    HANGING,
    /** 200 but a cut stream, an error mid-stream, or a body that is not JSON. */
    BROKEN;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when a call made now, with the right key and a patient client, would succeed. */
    public boolean serves() {
        return this == UP || this == SLOW || this == COLD_START || this == FLAKY || this == DEGRADING;
    }
}
