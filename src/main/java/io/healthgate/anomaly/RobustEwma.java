package io.healthgate.anomaly;

import java.time.Duration;
import java.time.Instant;

/**
 * An exponentially weighted mean and mean absolute deviation with a time half-life, made robust
 * (a Huber-style M-estimator): once warmed up, each sample is clipped to the band
 * {@code centre ± clip × spread} before it moves the estimate, so one huge outlier moves the centre
 * no more than a sample at the band's edge, and a slow drift is learnt only slowly. The mean
 * absolute deviation is the MAD's streaming stand-in (for a normal distribution it is 0.8 σ).
 *
 * <p>The weight of a sample is {@code 1 - 2^(-dt / halfLife)} with {@code dt} the time since the
 * previous one, so sparse and dense traffic forget at the same pace per unit of time; the first
 * sample weighs at least {@code 1/n} (a running mean while the history is shorter than the
 * half-life's memory), so the estimate settles quickly from nothing; the first {@code warmup} are not clipped.
 * Not thread-safe: its owner holds the lock.
 */
public final class RobustEwma implements Baseline {
    private final double halfLifeSeconds;
    private final int warmup;
    private final double minSpread;
    private double center;
    private double spread;
    private long n;
    private Instant last;

    /**
     * @param halfLife after this long a sample weighs half as much
     * @param warmup samples learnt with the 1/n floor (and without clipping)
     * @param minSpread spread floor, so a perfectly steady offer does not get a zero-width band
     */
    public RobustEwma(Duration halfLife, int warmup, double minSpread) {
        if (halfLife.isNegative() || halfLife.isZero()) {
            throw new IllegalArgumentException("half-life must be positive, got " + halfLife);
        }
        this.halfLifeSeconds = halfLife.toNanos() / 1e9;
        this.warmup = Math.max(1, warmup);
        this.minSpread = Math.max(0, minSpread);
    }

    @Override
    public void learn(double x, Instant at, double clipSpreads) {
        n++;
        if (n == 1) {
            center = x;
            spread = 0;
            last = at;
            return;
        }
        // At least 1/n: a plain running mean until the half-life's memory is longer than the history,
        // so the estimate is unbiased from the start instead of creeping from its first sample.
        double w = Math.max(weight(at), 1.0 / n);
        if (n <= warmup) {
            // warm-up: learn everything as it comes
        } else if (!Double.isInfinite(clipSpreads)) {
            double band = clipSpreads * spread(at);
            x = Math.max(center - band, Math.min(center + band, x));
        }
        double dev = Math.abs(x - center);
        center += w * (x - center);
        spread += w * (dev - spread);
    }

    /** Weight of a sample at {@code at}: 1 − 2^(−dt/halfLife); time never runs backwards here. */
    private double weight(Instant at) {
        double dt = last == null ? 0 : Math.max(0, Duration.between(last, at).toNanos() / 1e9);
        if (last == null || at.isAfter(last)) {
            last = at;
        }
        return 1 - Math.pow(2, -dt / halfLifeSeconds);
    }

    @Override
    public long samples() {
        return n;
    }

    @Override
    public double center(Instant at) {
        return center;
    }

    @Override
    public double spread(Instant at) {
        return Math.max(minSpread, spread);
    }
}
