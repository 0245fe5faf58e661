package io.healthgate.anomaly;

/**
 * A one-sided Bernoulli CUSUM (Page's test) on counting failures: {@code S = max(0, S + x − ref)}
 * with {@code x} 1 for a failure and 0 for a success, and {@code ref = p0 + rise/2}, halfway
 * between the usual error rate {@code p0} and the raised one it looks for. {@code S} stays near 0
 * while failures are as rare as usual and climbs by about {@code (p − ref)} a call once they are
 * not, so a small sustained rise is found where a window's rate would still read "fine". Not
 * thread-safe: its owner holds the lock.
 */
public final class Cusum {
    private double sum;

    private final double cap;

    /** A CUSUM without a ceiling. */
    public Cusum() {
        this(Double.POSITIVE_INFINITY);
    }

    /**
     * @param cap the sum never exceeds this, so after an outage (hundreds of failures in a row) it
     *     falls back under the threshold within a bounded number of successes instead of hours
     */
    public Cusum(double cap) {
        this.cap = cap;
    }

    /** Adds one counting outcome against a usual error rate of {@code baseRate}; returns the sum. */
    public double add(boolean failure, double baseRate, double rise) {
        double ref = baseRate + rise / 2;
        sum = Math.min(cap, Math.max(0, sum + (failure ? 1.0 : 0.0) - ref));
        return sum;
    }

    public double sum() {
        return sum;
    }
}
