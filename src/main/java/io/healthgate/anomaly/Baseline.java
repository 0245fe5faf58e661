package io.healthgate.anomaly;

import java.time.Instant;

/**
 * What an offer's latency usually is at a given moment, on the log scale (log milliseconds), with
 * its usual spread. The detector compares recent behaviour with this.
 *
 * <p>Today the one implementation is {@link RobustEwma}: a single level for all hours. The hook for
 * a seasonal baseline is this interface: an hour-of-day implementation would keep 24 (or 168, hour
 * of week) {@code RobustEwma}s, pick the one for {@code at}, and fall back to the flat one until that
 * slot has {@code min_samples}; seeded from the store's outcome history once a week of it exists.
 * It is not built yet (docs/TROUBLESHOOTING.md says so): offers whose latency follows the day
 * are covered by the flat baseline's slow half-life and the {@code ttfb_factor} floor instead.
 */
public interface Baseline {
    /** Samples learnt so far (for the {@code min_samples} gate). */
    long samples();

    /** The usual value (log ms) at {@code at}. */
    double center(Instant at);

    /** The usual spread (mean absolute deviation, log ms) at {@code at}. */
    double spread(Instant at);

    /** Learns one sample (log ms), clipped to {@code clipSpreads} spreads around the centre once warmed up. */
    void learn(double x, Instant at, double clipSpreads);
}
