package io.healthgate.health;

import io.healthgate.catalog.Tier;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Every knob of the health engine, with the documented defaults as named constants. The
 * composition root maps the config file onto a {@link Builder}; tests override only what they
 * exercise. Validation quotes the bad value.
 *
 * <p>Status rules these settings drive (see {@link StatusRules}): an offer is {@code unhealthy}
 * when {@code consecutiveFailures >= unhealthyConsecutiveFailures} or its window error rate is
 * {@code >= unhealthyErrorRate} over at least {@code minSamples} counting outcomes;
 * {@code degraded} when the rate is {@code >= degradedErrorRate}, or its window p50 time to first
 * byte is over {@code degradedLatencyFactor} times its own baseline; {@code unknown} when its
 * newest counting evidence is older than twice its tier interval.
 *
 * @param window length of the rolling window of counting outcomes
 * @param windowBuckets how many buckets the window is cut into (the window moves bucket by bucket)
 * @param minSamples counting outcomes needed before a rate says anything
 * @param degradedErrorRate error rate at or above which an offer is degraded
 * @param unhealthyErrorRate error rate at or above which an offer is unhealthy
 * @param unhealthyConsecutiveFailures consecutive counting failures that make an offer unhealthy
 * @param degradedLatencyFactor window p50 over this many times the offer's baseline is degraded
 * @param deprecatedAfterNotFound not_found outcomes (with no success since) that make an offer deprecated
 * @param recoverySuccesses successes in a row after which old failures still in the window make an
 *     offer at worst degraded ("recovering"), not unhealthy
 * @param gatewayDegradedFraction share of a gateway's known offers unhealthy or degraded at which it is degraded
 * @param defaultRetryAfter how long an offer (or gateway, for a gateway-wide limit) is throttled after a
 *     first 429 that named no Retry-After
 * @param tiers probe interval, timeout and token budget per tier
 * @param reasoningMaxTokens token budget for probes of reasoning models (they think before they answer)
 * @param batchSize most probes started per batch
 * @param batchInterval time between batches
 * @param drift drift detection ({@code monitoring.anomaly.*}): when an offer reads {@code degrading}
 * @param jitter spread added to each offer's next probe time, so probes do not march in lockstep
 * @param perGatewayConcurrency most probes in flight per gateway
 * @param hourlyProbeCap most probe requests per gateway per hour, 0 for no cap
 * @param coldStartTimeout first-byte timeout of the one retry after a probe timed out
 * @param backoffInitial first re-probe delay after a failure; doubles up to the tier interval
 * @param tierReevaluation how often tiers are re-derived from traffic share
 * @param snapshotMinInterval a snapshot is rebuilt at most this often
 * @param snapshotMaxAge a snapshot is rebuilt at least this often (time alone changes status)
 * @param countLogInterval the catalog/tracked count line is logged at most this often
 * @param flushInterval how often the writer flushes offer deltas to the store
 * @param systemSnapshotInterval how often system and gateway totals are written
 * @param offerSnapshotInterval how often per-offer status rows are written
 * @param retention snapshots older than this are pruned
 * @param siblingWindow failures of this many distinct offers of one gateway ({@code siblingFailures})
 *     within this window make the gateway {@code suspect}
 * @param siblingFailures distinct failing offers within {@code siblingWindow} that make a gateway suspect
 * @param canaryInterval a configured gateway with no evidence for this long gets one canary
 * @param canaryHourlyCap most canary requests per gateway per clock hour, 0 for no cap
 * @param throttleMaxWait cap of an offer's throttle when 429s without Retry-After repeat (the wait
 *     starts at {@code defaultRetryAfter} and doubles per repeat)
 * @param confirmInterval how soon a first failure, or a first success after failures, is confirmed
 *     by another probe, so detection and recovery take seconds, not a backoff
 * @param drift drift detection ({@code monitoring.anomaly.*})
 * @param canaryCompletionInterval a canary adds its tiny completion to the models list only when that
 *     list did not answer plainly, the gateway is suspect, or the gateway has had no success for this
 *     long; zero: every canary sends it
 * @param adaptive adaptive probe intervals ({@code monitoring.adaptive.*}, see {@link AdaptiveProbing})
 */
public record HealthSettings(
        Duration window,
        int windowBuckets,
        int minSamples,
        double degradedErrorRate,
        double unhealthyErrorRate,
        int unhealthyConsecutiveFailures,
        double degradedLatencyFactor,
        int deprecatedAfterNotFound,
        int recoverySuccesses,
        double gatewayDegradedFraction,
        Duration defaultRetryAfter,
        Map<Tier, TierSettings> tiers,
        int reasoningMaxTokens,
        int batchSize,
        Duration batchInterval,
        Duration jitter,
        int perGatewayConcurrency,
        int hourlyProbeCap,
        Duration coldStartTimeout,
        Duration backoffInitial,
        Duration tierReevaluation,
        Duration snapshotMinInterval,
        Duration snapshotMaxAge,
        Duration countLogInterval,
        Duration flushInterval,
        Duration systemSnapshotInterval,
        Duration offerSnapshotInterval,
        Duration retention,
        Duration siblingWindow,
        int siblingFailures,
        Duration canaryInterval,
        int canaryHourlyCap,
        Duration throttleMaxWait,
        Duration confirmInterval,
        io.healthgate.anomaly.DriftSettings drift,
        Duration canaryCompletionInterval,
        AdaptiveProbing.Settings adaptive) {

    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(900);
    public static final int DEFAULT_WINDOW_BUCKETS = 30;
    public static final int DEFAULT_MIN_SAMPLES = 3;
    public static final double DEFAULT_DEGRADED_ERROR_RATE = 0.1;
    public static final double DEFAULT_UNHEALTHY_ERROR_RATE = 0.5;
    public static final int DEFAULT_UNHEALTHY_CONSECUTIVE_FAILURES = 3;
    public static final double DEFAULT_DEGRADED_LATENCY_FACTOR = 3.0;
    public static final int DEFAULT_DEPRECATED_AFTER_NOT_FOUND = 2;
    public static final int DEFAULT_RECOVERY_SUCCESSES = 3;
    public static final double DEFAULT_GATEWAY_DEGRADED_FRACTION = 0.1;
    /** Short: a 429 without Retry-After usually clears in seconds; repeats back off up to {@link #DEFAULT_THROTTLE_MAX_WAIT}. */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(10);
    public static final TierSettings DEFAULT_CRITICAL = new TierSettings(Duration.ofSeconds(300), Duration.ofSeconds(30), 10);
    public static final TierSettings DEFAULT_POPULAR = new TierSettings(Duration.ofSeconds(1800), Duration.ofSeconds(45), 10);
    public static final TierSettings DEFAULT_STANDARD = new TierSettings(Duration.ofSeconds(7200), Duration.ofSeconds(60), 5);
    public static final TierSettings DEFAULT_ON_DEMAND = new TierSettings(Duration.ofSeconds(14400), Duration.ofSeconds(60), 5);
    /** Reasoning models spend hidden tokens first; 5 or 10 comes back empty and reads as a failure. */
    public static final int DEFAULT_REASONING_MAX_TOKENS = 64;
    public static final int DEFAULT_BATCH_SIZE = 10;
    public static final Duration DEFAULT_BATCH_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_JITTER = Duration.ofSeconds(10);
    public static final int DEFAULT_PER_GATEWAY_CONCURRENCY = 2;
    public static final int DEFAULT_HOURLY_PROBE_CAP = 0;
    public static final Duration DEFAULT_COLD_START_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_BACKOFF_INITIAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_TIER_REEVALUATION = Duration.ofMinutes(10);
    public static final Duration DEFAULT_SNAPSHOT_MIN_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_SNAPSHOT_MAX_AGE = Duration.ofSeconds(5);
    public static final Duration DEFAULT_COUNT_LOG_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_SYSTEM_SNAPSHOT_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_OFFER_SNAPSHOT_INTERVAL = Duration.ofMinutes(10);
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
    public static final Duration DEFAULT_SIBLING_WINDOW = Duration.ofSeconds(30);
    public static final int DEFAULT_SIBLING_FAILURES = 2;
    public static final Duration DEFAULT_CANARY_INTERVAL = Duration.ofSeconds(60);
    /** Two requests a canary (models list, one tiny completion), one canary a minute. */
    public static final int DEFAULT_CANARY_HOURLY_CAP = 120;
    public static final Duration DEFAULT_THROTTLE_MAX_WAIT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_CONFIRM_INTERVAL = Duration.ofSeconds(2);
    /**
     * A gateway-wide outage shows on the free models list, so the tiny completion (tokens) is only
     * needed now and then to see that completions still work: every half hour on a quiet gateway.
     */
    public static final Duration DEFAULT_CANARY_COMPLETION_INTERVAL = Duration.ofSeconds(1800);

    /** How closely one tier is watched ({@code monitoring.tiers.<tier>}); checked by {@link HealthSettings}, which knows the tier's name. */
    public record TierSettings(Duration interval, Duration timeout, int maxTokens) {
        public TierSettings {
            Objects.requireNonNull(interval, "interval");
            Objects.requireNonNull(timeout, "timeout");
        }
    }

    /**
     * Messages name the config key ({@code monitoring.*}, {@code storage.*}) and quote the value in
     * the key's unit, so the config loader can report them on the right line of the file.
     */
    public HealthSettings {
        Objects.requireNonNull(window, "window");
        atLeast("monitoring.window_seconds", window.toSeconds(), 1);
        atLeast("window buckets", windowBuckets, 1);
        // A window shorter than one second per bucket gets one bucket per second instead.
        windowBuckets = (int) Math.min(windowBuckets, window.toSeconds());
        atLeast("monitoring.min_samples", minSamples, 1);
        rate("monitoring.degraded_error_rate", degradedErrorRate);
        rate("monitoring.unhealthy_error_rate", unhealthyErrorRate);
        if (degradedErrorRate > unhealthyErrorRate) {
            throw new IllegalArgumentException("monitoring.degraded_error_rate must be at most monitoring.unhealthy_error_rate ("
                    + unhealthyErrorRate + "), got " + degradedErrorRate);
        }
        atLeast("monitoring.unhealthy_consecutive_failures", unhealthyConsecutiveFailures, 1);
        if (!(degradedLatencyFactor >= 1.0)) {
            throw new IllegalArgumentException("monitoring.degraded_latency_factor must be >= 1, got " + degradedLatencyFactor);
        }
        atLeast("deprecated after not_found", deprecatedAfterNotFound, 1);
        atLeast("monitoring.recovery_successes", recoverySuccesses, 1);
        rate("gateway degraded fraction", gatewayDegradedFraction);
        Objects.requireNonNull(tiers, "tiers");
        EnumMap<Tier, TierSettings> t = new EnumMap<>(Tier.class);
        for (Tier tier : Tier.values()) {
            TierSettings ts = tiers.get(tier);
            if (ts == null) {
                throw new IllegalArgumentException("monitoring.tiers." + tier.wireName() + " is missing");
            }
            String key = "monitoring.tiers." + tier.wireName() + ".";
            atLeast(key + "interval_seconds", ts.interval().toSeconds(), 1);
            atLeast(key + "timeout_seconds", ts.timeout().toSeconds(), 1);
            atLeast(key + "max_tokens", ts.maxTokens(), 1);
            t.put(tier, ts);
        }
        tiers = java.util.Collections.unmodifiableMap(t);
        atLeast("reasoning max_tokens", reasoningMaxTokens, 1);
        atLeast("monitoring.batch_size", batchSize, 1);
        Objects.requireNonNull(batchInterval, "batchInterval");
        // 0 is allowed: no pause, the next batch starts when the previous one is done (ProbeRunner).
        atLeast("monitoring.batch_interval_seconds", batchInterval.isNegative() ? -1 : batchInterval.toSeconds(), 0);
        Objects.requireNonNull(jitter, "jitter");
        atLeast("monitoring.jitter_seconds", jitter.isNegative() ? -1 : jitter.toSeconds(), 0);
        atLeast("monitoring.per_gateway_concurrency", perGatewayConcurrency, 1);
        atLeast("monitoring.hourly_probe_cap", hourlyProbeCap, 0);
        Objects.requireNonNull(coldStartTimeout, "coldStartTimeout");
        atLeast("monitoring.cold_start_timeout_seconds", coldStartTimeout.toSeconds(), 1);
        positive("backoff", backoffInitial);
        // Re-probe a failed offer soon, but never later than the shortest tier interval allows.
        Duration shortest = t.values().stream().map(TierSettings::interval).min(Duration::compareTo).orElseThrow();
        backoffInitial = backoffInitial.compareTo(shortest) > 0 ? shortest : backoffInitial;
        positive("tier re-evaluation", tierReevaluation);
        positive("snapshot min interval", snapshotMinInterval);
        positive("snapshot max age", snapshotMaxAge);
        positive("count log interval", countLogInterval);
        Objects.requireNonNull(flushInterval, "flushInterval");
        atLeast("storage.flush_interval_ms", flushInterval.toMillis(), 1);
        positive("system snapshot interval", systemSnapshotInterval);
        positive("offer snapshot interval", offerSnapshotInterval);
        Objects.requireNonNull(retention, "retention");
        atLeast("storage.snapshot_retention_days", retention.toDays(), 1);
        Objects.requireNonNull(siblingWindow, "siblingWindow");
        atLeast("monitoring.sibling_window_seconds", siblingWindow.toSeconds(), 1);
        atLeast("monitoring.sibling_failures", siblingFailures, 2);
        Objects.requireNonNull(canaryInterval, "canaryInterval");
        atLeast("monitoring.canary_interval_seconds", canaryInterval.toSeconds(), 1);
        atLeast("monitoring.canary_hourly_cap", canaryHourlyCap, 0);
        Objects.requireNonNull(defaultRetryAfter, "defaultRetryAfter");
        atLeast("monitoring.throttle_default_seconds", defaultRetryAfter.toSeconds(), 1);
        Objects.requireNonNull(throttleMaxWait, "throttleMaxWait");
        atLeast("monitoring.throttle_max_seconds", throttleMaxWait.toSeconds(), 1);
        // A cap below the first wait would shorten the first wait; the first wait wins instead.
        throttleMaxWait = throttleMaxWait.compareTo(defaultRetryAfter) < 0 ? defaultRetryAfter : throttleMaxWait;
        Objects.requireNonNull(confirmInterval, "confirmInterval");
        atLeast("monitoring.confirm_interval_seconds", confirmInterval.toSeconds(), 1);
        drift = drift == null ? io.healthgate.anomaly.DriftSettings.defaults() : drift;
        Objects.requireNonNull(canaryCompletionInterval, "canaryCompletionInterval");
        atLeast("monitoring.canary_completion_interval_seconds",
                canaryCompletionInterval.isNegative() ? -1 : canaryCompletionInterval.toSeconds(), 0);
        adaptive = adaptive == null ? AdaptiveProbing.Settings.defaults() : adaptive;
    }

    public static HealthSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public TierSettings tier(Tier tier) {
        return tiers.get(tier);
    }

    /** The window's bucket width (whole seconds, at least one). */
    public Duration bucketWidth() {
        return Duration.ofSeconds(Math.max(1, window.toSeconds() / windowBuckets));
    }

    private static void positive(String what, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
    }

    private static void atLeast(String what, long v, long min) {
        if (v < min) {
            throw new IllegalArgumentException(what + " must be >= " + min + ", got " + v);
        }
    }

    private static void rate(String what, double v) {
        if (!(v >= 0.0 && v <= 1.0)) {
            throw new IllegalArgumentException(what + " must be between 0 and 1, got " + v);
        }
    }

    /** Starts from the defaults; set only what differs. */
    public static final class Builder {
        private Duration window = DEFAULT_WINDOW;
        private int windowBuckets = DEFAULT_WINDOW_BUCKETS;
        private int minSamples = DEFAULT_MIN_SAMPLES;
        private double degradedErrorRate = DEFAULT_DEGRADED_ERROR_RATE;
        private double unhealthyErrorRate = DEFAULT_UNHEALTHY_ERROR_RATE;
        private int unhealthyConsecutiveFailures = DEFAULT_UNHEALTHY_CONSECUTIVE_FAILURES;
        private double degradedLatencyFactor = DEFAULT_DEGRADED_LATENCY_FACTOR;
        private int deprecatedAfterNotFound = DEFAULT_DEPRECATED_AFTER_NOT_FOUND;
        private int recoverySuccesses = DEFAULT_RECOVERY_SUCCESSES;
        private double gatewayDegradedFraction = DEFAULT_GATEWAY_DEGRADED_FRACTION;
        private Duration defaultRetryAfter = DEFAULT_RETRY_AFTER;
        private final EnumMap<Tier, TierSettings> tiers = new EnumMap<>(Map.of(
                Tier.CRITICAL, DEFAULT_CRITICAL, Tier.POPULAR, DEFAULT_POPULAR,
                Tier.STANDARD, DEFAULT_STANDARD, Tier.ON_DEMAND, DEFAULT_ON_DEMAND));
        private int reasoningMaxTokens = DEFAULT_REASONING_MAX_TOKENS;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Duration batchInterval = DEFAULT_BATCH_INTERVAL;
        private Duration jitter = DEFAULT_JITTER;
        private int perGatewayConcurrency = DEFAULT_PER_GATEWAY_CONCURRENCY;
        private int hourlyProbeCap = DEFAULT_HOURLY_PROBE_CAP;
        private Duration coldStartTimeout = DEFAULT_COLD_START_TIMEOUT;
        private Duration backoffInitial = DEFAULT_BACKOFF_INITIAL;
        private Duration tierReevaluation = DEFAULT_TIER_REEVALUATION;
        private Duration snapshotMinInterval = DEFAULT_SNAPSHOT_MIN_INTERVAL;
        private Duration snapshotMaxAge = DEFAULT_SNAPSHOT_MAX_AGE;
        private Duration countLogInterval = DEFAULT_COUNT_LOG_INTERVAL;
        private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
        private Duration systemSnapshotInterval = DEFAULT_SYSTEM_SNAPSHOT_INTERVAL;
        private Duration offerSnapshotInterval = DEFAULT_OFFER_SNAPSHOT_INTERVAL;
        private Duration retention = DEFAULT_RETENTION;
        private Duration siblingWindow = DEFAULT_SIBLING_WINDOW;
        private int siblingFailures = DEFAULT_SIBLING_FAILURES;
        private Duration canaryInterval = DEFAULT_CANARY_INTERVAL;
        private int canaryHourlyCap = DEFAULT_CANARY_HOURLY_CAP;
        private Duration throttleMaxWait = DEFAULT_THROTTLE_MAX_WAIT;
        private Duration confirmInterval = DEFAULT_CONFIRM_INTERVAL;
        private io.healthgate.anomaly.DriftSettings drift = io.healthgate.anomaly.DriftSettings.defaults();
        private Duration canaryCompletionInterval = DEFAULT_CANARY_COMPLETION_INTERVAL;
        private AdaptiveProbing.Settings adaptive = AdaptiveProbing.Settings.defaults();

        private Builder() {
        }

        public Builder window(Duration v) { window = v; return this; }
        public Builder windowBuckets(int v) { windowBuckets = v; return this; }
        public Builder minSamples(int v) { minSamples = v; return this; }
        public Builder degradedErrorRate(double v) { degradedErrorRate = v; return this; }
        public Builder unhealthyErrorRate(double v) { unhealthyErrorRate = v; return this; }
        public Builder unhealthyConsecutiveFailures(int v) { unhealthyConsecutiveFailures = v; return this; }
        public Builder degradedLatencyFactor(double v) { degradedLatencyFactor = v; return this; }
        public Builder deprecatedAfterNotFound(int v) { deprecatedAfterNotFound = v; return this; }
        public Builder recoverySuccesses(int v) { recoverySuccesses = v; return this; }
        public Builder gatewayDegradedFraction(double v) { gatewayDegradedFraction = v; return this; }
        public Builder defaultRetryAfter(Duration v) { defaultRetryAfter = v; return this; }
        public Builder tier(Tier tier, TierSettings v) { tiers.put(Objects.requireNonNull(tier), v); return this; }
        public Builder reasoningMaxTokens(int v) { reasoningMaxTokens = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder batchInterval(Duration v) { batchInterval = v; return this; }
        public Builder jitter(Duration v) { jitter = v; return this; }
        public Builder perGatewayConcurrency(int v) { perGatewayConcurrency = v; return this; }
        public Builder hourlyProbeCap(int v) { hourlyProbeCap = v; return this; }
        public Builder coldStartTimeout(Duration v) { coldStartTimeout = v; return this; }
        public Builder backoffInitial(Duration v) { backoffInitial = v; return this; }
        public Builder tierReevaluation(Duration v) { tierReevaluation = v; return this; }
        public Builder snapshotMinInterval(Duration v) { snapshotMinInterval = v; return this; }
        public Builder snapshotMaxAge(Duration v) { snapshotMaxAge = v; return this; }
        public Builder countLogInterval(Duration v) { countLogInterval = v; return this; }
        public Builder flushInterval(Duration v) { flushInterval = v; return this; }
        public Builder systemSnapshotInterval(Duration v) { systemSnapshotInterval = v; return this; }
        public Builder offerSnapshotInterval(Duration v) { offerSnapshotInterval = v; return this; }
        public Builder retention(Duration v) { retention = v; return this; }
        public Builder siblingWindow(Duration v) { siblingWindow = v; return this; }
        public Builder siblingFailures(int v) { siblingFailures = v; return this; }
        public Builder canaryInterval(Duration v) { canaryInterval = v; return this; }
        public Builder canaryHourlyCap(int v) { canaryHourlyCap = v; return this; }
        public Builder throttleMaxWait(Duration v) { throttleMaxWait = v; return this; }
        public Builder confirmInterval(Duration v) { confirmInterval = v; return this; }
        public Builder drift(io.healthgate.anomaly.DriftSettings v) { drift = v; return this; }
        public Builder canaryCompletionInterval(Duration v) { canaryCompletionInterval = v; return this; }
        public Builder adaptive(AdaptiveProbing.Settings v) { adaptive = v; return this; }

        public HealthSettings build() {
            return new HealthSettings(window, windowBuckets, minSamples, degradedErrorRate, unhealthyErrorRate,
                    unhealthyConsecutiveFailures, degradedLatencyFactor, deprecatedAfterNotFound, recoverySuccesses, gatewayDegradedFraction,
                    defaultRetryAfter, tiers, reasoningMaxTokens, batchSize, batchInterval, jitter, perGatewayConcurrency,
                    hourlyProbeCap, coldStartTimeout, backoffInitial, tierReevaluation, snapshotMinInterval, snapshotMaxAge,
                    countLogInterval, flushInterval, systemSnapshotInterval, offerSnapshotInterval, retention,
                    siblingWindow, siblingFailures, canaryInterval, canaryHourlyCap, throttleMaxWait, confirmInterval, drift,
                    canaryCompletionInterval, adaptive);
        }
    }
}
