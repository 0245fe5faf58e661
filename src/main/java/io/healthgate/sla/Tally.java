package io.healthgate.sla;

import io.healthgate.health.LatencyHistogram;
import io.healthgate.health.OutcomeClass;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** Adds buckets up: counts per class and latency histograms. Not thread-safe; one report at a time. */
final class Tally {
    private final long[] counts = new long[OutcomeClass.values().length];
    private final long[] ttfb = new long[LatencyHistogram.BINS];
    private final long[] total = new long[LatencyHistogram.BINS];
    private long totalSumMs;

    void add(OutcomeBucket b) {
        long[] c = b.counts();
        for (int i = 0; i < c.length; i++) {
            counts[i] += c[i];
        }
        long[] t = b.ttfbBins();
        long[] l = b.totalBins();
        for (int i = 0; i < t.length; i++) {
            ttfb[i] += t[i];
            total[i] += l[i];
        }
        totalSumMs += b.totalSumMs();
    }

    long counted() {
        long n = 0;
        for (OutcomeClass c : OutcomeClass.values()) {
            if (c.isCountingSample()) {
                n += counts[c.ordinal()];
            }
        }
        return n;
    }

    long failures() {
        long n = 0;
        for (OutcomeClass c : OutcomeClass.values()) {
            if (c.countsAgainstOffer()) {
                n += counts[c.ordinal()];
            }
        }
        return n;
    }

    SlaFigures figures() {
        long calls = 0;
        Map<OutcomeClass, Long> failing = new EnumMap<>(OutcomeClass.class);
        Map<OutcomeClass, Long> excluded = new EnumMap<>(OutcomeClass.class);
        for (OutcomeClass c : OutcomeClass.values()) {
            long n = counts[c.ordinal()];
            calls += n;
            if (c.countsAgainstOffer()) {
                failing.put(c, n);
            } else if (!c.isCountingSample()) {
                excluded.put(c, n);
            }
        }
        long successes = counts[OutcomeClass.SUCCESS.ordinal()];
        long counted = counted();
        long latencySamples = 0;
        for (long n : total) {
            latencySamples += n;
        }
        return new SlaFigures(calls, counted, successes, failures(), availability(successes, counted), failing, excluded,
                ms(ttfb, 0.50), ms(ttfb, 0.95), ms(ttfb, 0.99), ms(total, 0.50), ms(total, 0.95),
                latencySamples == 0 ? Optional.empty() : Optional.of(Math.round((double) totalSumMs / latencySamples)));
    }

    /** Percent, three decimals; empty without counting calls. */
    static Optional<Double> availability(long successes, long counted) {
        return counted == 0 ? Optional.empty() : Optional.of(round(100.0 * successes / counted, 3));
    }

    static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }

    private static Optional<Long> ms(long[] bins, double q) {
        return LatencyHistogram.quantile(bins, q).map(Duration::toMillis);
    }
}
