package io.healthgate.config;

import io.healthgate.catalog.Tier;

import java.time.Duration;
import java.util.Map;

/**
 * How one tier is probed: every {@code intervalSeconds}, waiting at most {@code timeoutSeconds}
 * for the first byte, asking for {@code maxTokens} tokens. Intervals of 1 s are allowed so tests
 * and demos run fast.
 */
public record TierSchedule(int intervalSeconds, int timeoutSeconds, int maxTokens) {
    /** DESIGN.md: critical 300/30/10, popular 1800/45/10, standard 7200/60/5, on_demand 14400/60/5. */
    public static final Map<Tier, TierSchedule> DEFAULTS = Map.of(
            Tier.CRITICAL, new TierSchedule(300, 30, 10),
            Tier.POPULAR, new TierSchedule(1800, 45, 10),
            Tier.STANDARD, new TierSchedule(7200, 60, 5),
            Tier.ON_DEMAND, new TierSchedule(14400, 60, 5));

    public TierSchedule {
        if (intervalSeconds < 1 || timeoutSeconds < 1 || maxTokens < 1) {
            throw new IllegalArgumentException("interval, timeout and max_tokens must be >= 1, got "
                    + intervalSeconds + ", " + timeoutSeconds + ", " + maxTokens);
        }
    }

    public Duration interval() {
        return Duration.ofSeconds(intervalSeconds);
    }

    public Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds);
    }
}
