package io.healthgate.sla;

import io.healthgate.health.Outcome;

import java.util.Locale;

/**
 * How trouble was first seen: by live traffic, by an active probe, by a gateway canary, or
 * inferred from a sibling offer of the same gateway. The history records the source of every
 * outcome, so an incident can say how it was detected.
 */
public enum DetectionSource {
    TRAFFIC, PROBE, CANARY, SIBLING;

    /** The source of an outcome's evidence; every outcome source maps to exactly one. */
    public static DetectionSource of(Outcome.Source source) {
        return switch (source) {
            case LIVE -> TRAFFIC;
            case PROBE -> PROBE;
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DetectionSource fromWireName(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
}
