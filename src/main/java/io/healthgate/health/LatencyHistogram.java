package io.healthgate.health;

import java.time.Duration;
import java.util.Optional;

/**
 * A fixed log-scale histogram of time to first byte: 32 bins from 5 ms, each 1.4 times wider
 * than the last (the top bin holds everything from about 180 s up). Recording and reading are
 * O(1) in the number of samples, histograms merge by adding bins (so a gateway's latency is its
 * offers' histograms summed), and a percentile is off by at most one bin width (~40%), which
 * is plenty to tell "normal" from "three times slower".
 */
public final class LatencyHistogram {
    public static final int BINS = 32;
    private static final double FIRST_UPPER_MS = 5.0;
    private static final double FACTOR = 1.4;
    private static final long[] UPPER_MS = new long[BINS];

    static {
        double upper = FIRST_UPPER_MS;
        for (int i = 0; i < BINS; i++) {
            UPPER_MS[i] = Math.round(upper);
            upper *= FACTOR;
        }
    }

    private LatencyHistogram() {
    }

    /** The bin a latency falls in. */
    public static int bin(Duration latency) {
        long ms = Math.max(0, latency.toMillis());
        for (int i = 0; i < BINS - 1; i++) {
            if (ms <= UPPER_MS[i]) {
                return i;
            }
        }
        return BINS - 1;
    }

    /**
     * The q-quantile (0 < q <= 1) of the counts, as the upper bound of the bin holding it; empty
     * when there are no samples (no data is never "0 ms").
     */
    public static Optional<Duration> quantile(long[] counts, double q) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            return Optional.empty();
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < BINS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Optional.of(Duration.ofMillis(UPPER_MS[i]));
            }
        }
        return Optional.of(Duration.ofMillis(UPPER_MS[BINS - 1]));
    }
}
