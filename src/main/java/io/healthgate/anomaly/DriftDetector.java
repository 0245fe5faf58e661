package io.healthgate.anomaly;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * One offer's drift detector, fed every counting outcome of that offer:
 * <ul>
 *   <li><b>latency</b>: the log of each success's time to first byte feeds a slow robust baseline
 *       ({@link RobustEwma}, clipped to its band; by hour of day once a week of history exists,
 *       {@link SeasonalBaseline}) and a fast recent EWMA. A latency drift holds
 *       while the recent level is at least {@code ttfb_factor} times the baseline <i>and</i> at
 *       least {@code band_spreads} usual spreads above it (the band: a noisy offer needs a larger
 *       jump than a steady one);</li>
 *   <li><b>errors</b>: a Bernoulli {@link Cusum} of counting failures against the offer's own slow
 *       error rate (at least {@link DriftSettings#MIN_BASE_ERROR_RATE}); an error drift holds while
 *       the sum is at or above {@code cusum_threshold} (the sum is capped at 1.2 times that, so it falls
 *       back quickly after an outage; the usual rate is not learnt while it holds).</li>
 * </ul>
 * Neither judges before {@code min_samples} outcomes; each is debounced by {@link Sustained}. O(1)
 * per outcome; not thread-safe (the offer's lock guards it).
 */
public final class DriftDetector {
    /** The CUSUM's ceiling over its threshold: after an outage it is back under the threshold within about 30 successes. */
    static final double CUSUM_CAP = 1.2;
    private final DriftSettings s;
    private final Baseline baseline;
    private final RobustEwma recent;
    private double baseErrorRate;
    private double recentErrorRate;
    private long outcomes;
    private Instant lastErrorSample;
    private Instant lastFailure;
    private Instant recoveredAt;
    private final Cusum cusum;
    private final Sustained latency = new Sustained();
    private final Sustained errors = new Sustained();

    public DriftDetector(DriftSettings settings) {
        this.s = settings;
        RobustEwma flat = new RobustEwma(settings.baselineHalfLife(), settings.minSamples(), DriftSettings.MIN_SPREAD);
        this.baseline = settings.seasonalAfter().isZero() ? flat
                : new SeasonalBaseline(flat, settings.baselineHalfLife(), settings.minSamples(), DriftSettings.MIN_SPREAD, settings.seasonalAfter());
        this.recent = new RobustEwma(settings.recentHalfLife(), 3, 0);
        this.cusum = new Cusum(CUSUM_CAP * settings.cusumThreshold());
    }

    /** A counting success with its time to first byte (empty: none measured, counts for the error rate only). */
    public void success(Optional<Duration> ttfb, Instant at) {
        if (!s.enabled()) {
            return;
        }
        countOutcome(false, at);
        ttfb.ifPresent(d -> latencySample(Math.log(Math.max(1.0, d.toNanos() / 1e6)), at));
    }

    /** A counting failure (server error, timeout, connection error, bad response). */
    public void failure(Instant at) {
        if (!s.enabled()) {
            return;
        }
        lastFailure = lastFailure == null || at.isAfter(lastFailure) ? at : lastFailure;
        countOutcome(true, at);
    }

    /**
     * The offer came back from an outage (its owner saw it unhealthy, then healthy again). The
     * outage's own failures still fill the CUSUM for a while; a warning drawn from them would read
     * "about to fail" on an offer that has just failed and recovered, rank it below its peers and so
     * starve it of the traffic that would clear it. So an error drift is not reported again until a
     * failure comes after the recovery: a ramp that goes on still warns at its next failure.
     */
    public void recovered(Instant at) {
        recoveredAt = at;
    }

    private void latencySample(double x, Instant at) {
        // Judged against the baseline before this sample is learnt, so a sample never hides itself.
        recent.learn(x, at, Double.POSITIVE_INFINITY);
        latency.observe(latencyDrifts(at), at, s.sustain());
        baseline.learn(x, at, s.bandSpreads());
    }

    private boolean latencyDrifts(Instant at) {
        if (baseline.samples() < s.minSamples()) {
            return false;
        }
        double over = recent.center(at) - baseline.center(at);
        return over >= Math.log(s.ttfbFactor()) && over >= s.bandSpreads() * baseline.spread(at);
    }

    private void countOutcome(boolean failed, Instant at) {
        outcomes++;
        double x = failed ? 1.0 : 0.0;
        double dt = lastErrorSample == null ? 0 : Math.max(0, Duration.between(lastErrorSample, at).toNanos() / 1e9);
        lastErrorSample = lastErrorSample == null || at.isAfter(lastErrorSample) ? at : lastErrorSample;
        double wBase = Math.max(1.0 / outcomes, weight(dt, s.baselineHalfLife()));
        double wRecent = Math.max(outcomes <= 3 ? 1.0 / outcomes : 0, weight(dt, s.recentHalfLife()));
        recentErrorRate += wRecent * (x - recentErrorRate);
        double p0 = Math.max(DriftSettings.MIN_BASE_ERROR_RATE, baseErrorRate);
        double sum = cusum.add(failed, p0, s.errorRateRise());
        boolean drifts = outcomes > s.minSamples() && sum >= s.cusumThreshold();
        errors.observe(drifts, at, s.sustain());
        if (!drifts) {
            // The usual rate is learnt from usual times only: an outage's failures must not become "usual".
            baseErrorRate += wBase * (x - baseErrorRate);
        }
    }

    private static double weight(double dtSeconds, Duration halfLife) {
        return 1 - Math.pow(2, -dtSeconds / (halfLife.toNanos() / 1e9));
    }

    /** The drift that counts at {@code now} (latency first when both do), or empty. */
    public Optional<Drift> drift(Instant now) {
        if (!s.enabled()) {
            return Optional.empty();
        }
        if (latency.activeAt(now, s.sustain())) {
            double ratio = Math.exp(recent.center(now) - baseline.center(now));
            long recentMs = Math.round(Math.exp(recent.center(now)));
            long usualMs = Math.round(Math.exp(baseline.center(now)));
            return Optional.of(new Drift(Drift.Kind.LATENCY, latency.since(), ratio, String.format(Locale.ROOT,
                    "TTFB %.1f× %s (recent %d ms, usual %d ms) for %s", ratio, baseline.describe(now), recentMs, usualMs,
                    words(Duration.between(latency.since(), now)))));
        }
        boolean quietSinceRecovery = recoveredAt != null && (lastFailure == null || !lastFailure.isAfter(recoveredAt));
        if (errors.activeAt(now, s.sustain()) && !quietSinceRecovery) {
            double p0 = Math.max(DriftSettings.MIN_BASE_ERROR_RATE, baseErrorRate);
            double ratio = recentErrorRate / p0;
            return Optional.of(new Drift(Drift.Kind.ERRORS, errors.since(), ratio, String.format(Locale.ROOT,
                    "counting-error rate %.0f%% recently against its usual %.1f%% (CUSUM %.1f, threshold %.1f) for %s",
                    recentErrorRate * 100, p0 * 100, cusum.sum(), s.cusumThreshold(),
                    words(Duration.between(errors.since(), now)))));
        }
        return Optional.empty();
    }

    static String words(Duration d) {
        long sec = Math.max(0, d.toSeconds());
        return sec < 120 ? sec + " s" : (sec / 60) + " min";
    }
}
