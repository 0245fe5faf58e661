package io.healthgate.anomaly;

import java.time.Duration;
import java.util.Objects;

/**
 * The knobs of drift detection ({@code monitoring.anomaly.*}), with the documented defaults.
 * Validation names the config key and quotes the value in the key's unit.
 *
 * @param enabled false: no offer is ever {@code degrading} (the detector still learns nothing)
 * @param ttfbFactor recent time to first byte at least this many times the baseline is a latency drift
 * @param bandSpreads ... and at least this many usual spreads (mean absolute deviations, log scale) above it
 * @param errorRateRise the rise of the counting-error rate over its baseline the CUSUM is tuned to find
 * @param cusumThreshold the CUSUM sum at which an error-rate drift is declared
 * @param sustain a drift must hold this long (and over at least {@link #MIN_HITS} samples) before it
 *     counts, and must be gone this long before it clears
 * @param minSamples samples of its own an offer needs before its baseline is trusted
 * @param baselineHalfLife how slowly the baseline learns
 * @param recentHalfLife how quickly "recent" forgets
 * @param seasonalAfter history an offer needs before its latency baseline is taken by hour of day
 *     ({@link SeasonalBaseline}); zero: one baseline for all hours
 */
public record DriftSettings(
        boolean enabled,
        double ttfbFactor,
        double bandSpreads,
        double errorRateRise,
        double cusumThreshold,
        Duration sustain,
        int minSamples,
        Duration baselineHalfLife,
        Duration recentHalfLife,
        Duration seasonalAfter) {

    /** Samples showing the drift needed within the sustain time, so one slow probe never warns. */
    public static final int MIN_HITS = 3;
    /** The usual counting-error rate is taken as at least this, so an offer that never failed does not warn on one failure. */
    public static final double MIN_BASE_ERROR_RATE = 0.01;
    /** Band floor (log scale, about 5%): an offer with perfectly steady latency still gets a band. */
    public static final double MIN_SPREAD = 0.05;

    public static final boolean DEFAULT_ENABLED = true;
    public static final double DEFAULT_TTFB_FACTOR = 2.0;
    public static final double DEFAULT_BAND_SPREADS = 2.0;
    public static final double DEFAULT_ERROR_RATE_RISE = 0.05;
    public static final double DEFAULT_CUSUM_THRESHOLD = 5.0;
    public static final Duration DEFAULT_SUSTAIN = Duration.ofSeconds(45);
    public static final int DEFAULT_MIN_SAMPLES = 30;
    public static final Duration DEFAULT_BASELINE_HALF_LIFE = Duration.ofHours(1);
    public static final Duration DEFAULT_RECENT_HALF_LIFE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_SEASONAL_AFTER = Duration.ofDays(7);

    public DriftSettings {
        Objects.requireNonNull(sustain, "sustain");
        Objects.requireNonNull(baselineHalfLife, "baselineHalfLife");
        Objects.requireNonNull(recentHalfLife, "recentHalfLife");
        Objects.requireNonNull(seasonalAfter, "seasonalAfter");
        if (seasonalAfter.isNegative()) {
            throw new IllegalArgumentException("monitoring.anomaly.seasonal_after_days must be >= 0 (0: no hour-of-day baseline), got "
                    + seasonalAfter.toDays());
        }
        if (!(ttfbFactor > 1.0) || Double.isInfinite(ttfbFactor)) {
            throw new IllegalArgumentException("monitoring.anomaly.ttfb_factor must be > 1, got " + ttfbFactor);
        }
        if (!(bandSpreads >= 0) || Double.isInfinite(bandSpreads)) {
            throw new IllegalArgumentException("monitoring.anomaly.band_spreads must be >= 0, got " + bandSpreads);
        }
        if (!(errorRateRise > 0 && errorRateRise < 1)) {
            throw new IllegalArgumentException("monitoring.anomaly.error_rate_rise must be between 0 and 1 (exclusive), got " + errorRateRise);
        }
        if (!(cusumThreshold > 0) || Double.isInfinite(cusumThreshold)) {
            throw new IllegalArgumentException("monitoring.anomaly.cusum_threshold must be > 0, got " + cusumThreshold);
        }
        if (sustain.isNegative()) {
            throw new IllegalArgumentException("monitoring.anomaly.sustain_seconds must be >= 0, got " + sustain.toSeconds());
        }
        if (minSamples < 1) {
            throw new IllegalArgumentException("monitoring.anomaly.min_samples must be >= 1, got " + minSamples);
        }
        if (baselineHalfLife.toSeconds() < 1) {
            throw new IllegalArgumentException("monitoring.anomaly.baseline_half_life_seconds must be >= 1, got " + baselineHalfLife.toSeconds());
        }
        if (recentHalfLife.toSeconds() < 1) {
            throw new IllegalArgumentException("monitoring.anomaly.recent_half_life_seconds must be >= 1, got " + recentHalfLife.toSeconds());
        }
        if (recentHalfLife.compareTo(baselineHalfLife) >= 0) {
            throw new IllegalArgumentException("monitoring.anomaly.recent_half_life_seconds must be below "
                    + "monitoring.anomaly.baseline_half_life_seconds (" + baselineHalfLife.toSeconds() + "), got " + recentHalfLife.toSeconds());
        }
    }

    public static DriftSettings defaults() {
        return new DriftSettings(DEFAULT_ENABLED, DEFAULT_TTFB_FACTOR, DEFAULT_BAND_SPREADS, DEFAULT_ERROR_RATE_RISE,
                DEFAULT_CUSUM_THRESHOLD, DEFAULT_SUSTAIN, DEFAULT_MIN_SAMPLES, DEFAULT_BASELINE_HALF_LIFE, DEFAULT_RECENT_HALF_LIFE,
                DEFAULT_SEASONAL_AFTER);
    }

    public DriftSettings withEnabled(boolean v) {
        return new DriftSettings(v, ttfbFactor, bandSpreads, errorRateRise, cusumThreshold, sustain, minSamples, baselineHalfLife, recentHalfLife, seasonalAfter);
    }

    public DriftSettings withSustain(Duration v) {
        return new DriftSettings(enabled, ttfbFactor, bandSpreads, errorRateRise, cusumThreshold, v, minSamples, baselineHalfLife, recentHalfLife, seasonalAfter);
    }

    public DriftSettings withSeasonalAfter(Duration v) {
        return new DriftSettings(enabled, ttfbFactor, bandSpreads, errorRateRise, cusumThreshold, sustain, minSamples, baselineHalfLife, recentHalfLife, v);
    }

    public DriftSettings withMinSamples(int v) {
        return new DriftSettings(enabled, ttfbFactor, bandSpreads, errorRateRise, cusumThreshold, sustain, v, baselineHalfLife, recentHalfLife, seasonalAfter);
    }
}
