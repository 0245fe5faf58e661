package io.healthgate.anomaly;

import java.time.Instant;

/**
 * What an offer's latency usually is at a given moment, on the log scale (log milliseconds), with
 * its usual spread. The detector compares recent behaviour with this.
 *
 * <p>Two implementations: {@link RobustEwma}, one level for all hours, and {@link SeasonalBaseline},
 * an hour-of-day level once a week of the offer's own history exists (the flat one before that).
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

    /** The baseline in words for the evidence ("its baseline", "its baseline for 14:00 UTC"). */
    default String describe(Instant at) {
        return "its baseline";
    }
}
