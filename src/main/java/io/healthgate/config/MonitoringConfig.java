package io.healthgate.config;

import io.healthgate.catalog.Tier;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code monitoring:} active probes and the health window.
 *
 * @param tiers probe schedule per tier; always has all four tiers
 * @param batchSize probes sent together
 * @param batchIntervalSeconds pause between batches; 0 allowed (tests, demos)
 * @param jitterSeconds random spread added to each probe time so probes do not arrive in lockstep
 * @param perGatewayConcurrency probes in flight to one gateway at once
 * @param hourlyProbeCap most probes an hour across the fleet; 0 = no cap
 * @param coldStartTimeoutSeconds the one retry after a timeout waits this long (cold starts)
 * @param windowSeconds rolling window of counting outcomes behind an offer's status
 * @param minSamples fewer counting outcomes than this cannot make an offer unhealthy
 * @param degradedErrorRate error rate at or above which an offer is degraded
 * @param unhealthyErrorRate error rate at or above which (with min_samples) an offer is unhealthy
 * @param degradedLatencyFactor latency this many times its own baseline makes an offer degraded
 */
public record MonitoringConfig(
        boolean enabled,
        Map<Tier, TierSchedule> tiers,
        int batchSize,
        int batchIntervalSeconds,
        int jitterSeconds,
        int perGatewayConcurrency,
        int hourlyProbeCap,
        int coldStartTimeoutSeconds,
        int windowSeconds,
        int minSamples,
        double degradedErrorRate,
        double unhealthyErrorRate,
        double degradedLatencyFactor) {

    public static final boolean DEFAULT_ENABLED = true;
    public static final int DEFAULT_BATCH_SIZE = 10;
    public static final int DEFAULT_BATCH_INTERVAL_SECONDS = 30;
    public static final int DEFAULT_JITTER_SECONDS = 10;
    public static final int DEFAULT_PER_GATEWAY_CONCURRENCY = 2;
    public static final int DEFAULT_HOURLY_PROBE_CAP = 0;
    public static final int DEFAULT_COLD_START_TIMEOUT_SECONDS = 120;
    public static final int DEFAULT_WINDOW_SECONDS = 900;
    public static final int DEFAULT_MIN_SAMPLES = 3;
    public static final double DEFAULT_DEGRADED_ERROR_RATE = 0.1;
    public static final double DEFAULT_UNHEALTHY_ERROR_RATE = 0.5;
    public static final double DEFAULT_DEGRADED_LATENCY_FACTOR = 3.0;

    public MonitoringConfig {
        EnumMap<Tier, TierSchedule> all = new EnumMap<>(Tier.class);
        all.putAll(TierSchedule.DEFAULTS);
        if (tiers != null) {
            all.putAll(tiers);
        }
        tiers = java.util.Collections.unmodifiableMap(all);
        if (batchSize < 1 || batchIntervalSeconds < 0) {
            throw new IllegalArgumentException("batch_size must be >= 1 and batch_interval_seconds >= 0");
        }
    }

    public static MonitoringConfig defaults() {
        return new MonitoringConfig(DEFAULT_ENABLED, TierSchedule.DEFAULTS, DEFAULT_BATCH_SIZE,
                DEFAULT_BATCH_INTERVAL_SECONDS, DEFAULT_JITTER_SECONDS, DEFAULT_PER_GATEWAY_CONCURRENCY,
                DEFAULT_HOURLY_PROBE_CAP, DEFAULT_COLD_START_TIMEOUT_SECONDS, DEFAULT_WINDOW_SECONDS,
                DEFAULT_MIN_SAMPLES, DEFAULT_DEGRADED_ERROR_RATE, DEFAULT_UNHEALTHY_ERROR_RATE,
                DEFAULT_DEGRADED_LATENCY_FACTOR);
    }

    public TierSchedule tier(Tier tier) {
        return tiers.get(tier);
    }

    public Duration batchInterval() {
        return Duration.ofSeconds(batchIntervalSeconds);
    }

    public Duration window() {
        return Duration.ofSeconds(windowSeconds);
    }

    public Duration coldStartTimeout() {
        return Duration.ofSeconds(coldStartTimeoutSeconds);
    }
}
