package io.healthgate.routing;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The three states of an offer's circuit breaker. The legal transitions are data
 * ({@link #canBecome}): closed opens; open turns half-open when its wait has passed; half-open
 * closes after enough trial successes or reopens on a trial failure. Nothing else is allowed.
 */
public enum BreakerState {
    /** Calls flow; failures are counted. */
    CLOSED,
    /** No calls until the wait has passed. */
    OPEN,
    /** One trial call at a time decides whether to close or reopen. */
    HALF_OPEN;

    private static final java.util.Map<BreakerState, Set<BreakerState>> LEGAL = new java.util.EnumMap<>(java.util.Map.of(
            CLOSED, EnumSet.of(OPEN),
            OPEN, EnumSet.of(HALF_OPEN),
            HALF_OPEN, EnumSet.of(CLOSED, OPEN)));

    /** True when the breaker may move from this state straight to {@code next}. */
    public boolean canBecome(BreakerState next) {
        return LEGAL.get(this).contains(next);
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
