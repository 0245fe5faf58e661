package io.healthgate.config;

import io.healthgate.catalog.Tier;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code routing:} how a request picks and fails over between offers.
 *
 * @param healthAware false = plain ordered failover (the runtime rollback lever)
 * @param maxAttempts offers tried for one request, at most
 * @param totalDeadlineSeconds a request gives up after this long, whatever is left to try
 * @param firstTokenTimeoutSeconds per tier: waiting longer than this for the first byte fails over
 * @param rankBy ranking keys in order of precedence
 */
public record RoutingConfig(
        boolean healthAware,
        int maxAttempts,
        int totalDeadlineSeconds,
        Map<Tier, Integer> firstTokenTimeoutSeconds,
        List<RankKey> rankBy,
        Hedging hedging,
        Breaker breaker) {

    public static final boolean DEFAULT_HEALTH_AWARE = true;
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final int DEFAULT_TOTAL_DEADLINE_SECONDS = 120;
    public static final Map<Tier, Integer> DEFAULT_FIRST_TOKEN_TIMEOUT_SECONDS = Map.of(
            Tier.CRITICAL, 30, Tier.POPULAR, 45, Tier.STANDARD, 60, Tier.ON_DEMAND, 60);
    public static final List<RankKey> DEFAULT_RANK_BY = List.of(RankKey.STATUS, RankKey.UPTIME, RankKey.LATENCY, RankKey.PRICE);

    /** What candidates are ranked by. */
    public enum RankKey {
        STATUS, UPTIME, LATENCY, PRICE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static RankKey fromWireName(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }
    }

    /** Sending a second attempt in parallel when the first is slow; off by default (it doubles cost). */
    public record Hedging(boolean enabled, int minDelayMs) {
        public static final boolean DEFAULT_ENABLED = false;
        public static final int DEFAULT_MIN_DELAY_MS = 500;

        public static Hedging defaults() {
            return new Hedging(DEFAULT_ENABLED, DEFAULT_MIN_DELAY_MS);
        }
    }

    /**
     * Per-offer circuit breaker: opens after {@code failureThreshold} consecutive counting failures,
     * or when the failure rate over {@code windowSeconds} reaches {@code failureRate} with at least
     * {@code minCalls} calls; stays open {@code openSeconds}; closes after {@code halfOpenSuccesses}
     * successes in half-open.
     */
    public record Breaker(int failureThreshold, double failureRate, int minCalls, int windowSeconds,
                          int openSeconds, int halfOpenSuccesses) {
        public static final int DEFAULT_FAILURE_THRESHOLD = 5;
        public static final double DEFAULT_FAILURE_RATE = 0.5;
        public static final int DEFAULT_MIN_CALLS = 10;
        public static final int DEFAULT_WINDOW_SECONDS = 60;
        public static final int DEFAULT_OPEN_SECONDS = 30;
        public static final int DEFAULT_HALF_OPEN_SUCCESSES = 2;

        public static Breaker defaults() {
            return new Breaker(DEFAULT_FAILURE_THRESHOLD, DEFAULT_FAILURE_RATE, DEFAULT_MIN_CALLS,
                    DEFAULT_WINDOW_SECONDS, DEFAULT_OPEN_SECONDS, DEFAULT_HALF_OPEN_SUCCESSES);
        }

        public Duration window() {
            return Duration.ofSeconds(windowSeconds);
        }

        public Duration openDuration() {
            return Duration.ofSeconds(openSeconds);
        }
    }

    public RoutingConfig {
        EnumMap<Tier, Integer> all = new EnumMap<>(Tier.class);
        all.putAll(DEFAULT_FIRST_TOKEN_TIMEOUT_SECONDS);
        if (firstTokenTimeoutSeconds != null) {
            all.putAll(firstTokenTimeoutSeconds);
        }
        firstTokenTimeoutSeconds = java.util.Collections.unmodifiableMap(all);
        rankBy = rankBy == null || rankBy.isEmpty() ? DEFAULT_RANK_BY : List.copyOf(rankBy);
        hedging = hedging == null ? Hedging.defaults() : hedging;
        breaker = breaker == null ? Breaker.defaults() : breaker;
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max_attempts must be >= 1, got " + maxAttempts);
        }
    }

    public static RoutingConfig defaults() {
        return new RoutingConfig(DEFAULT_HEALTH_AWARE, DEFAULT_MAX_ATTEMPTS, DEFAULT_TOTAL_DEADLINE_SECONDS,
                DEFAULT_FIRST_TOKEN_TIMEOUT_SECONDS, DEFAULT_RANK_BY, Hedging.defaults(), Breaker.defaults());
    }

    public Duration totalDeadline() {
        return Duration.ofSeconds(totalDeadlineSeconds);
    }

    public Duration firstTokenTimeout(Tier tier) {
        return Duration.ofSeconds(firstTokenTimeoutSeconds.get(tier));
    }
}
