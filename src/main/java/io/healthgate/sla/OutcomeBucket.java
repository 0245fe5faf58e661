package io.healthgate.sla;

import io.healthgate.catalog.OfferId;
import io.healthgate.health.LatencyHistogram;
import io.healthgate.health.OutcomeClass;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * What one offer's calls from one source did during one minute: a count per outcome class, and
 * latency histograms of the successful calls (time to first byte and total). The unit of the
 * stored outcome history. Rows for the same minute, offer and source may be stored more than once
 * (a late outcome, a restart, several instances): readers always add them up.
 *
 * @param minute the start of the minute (UTC, whole minute)
 * @param provider the model's provider, kept so history still groups after the catalog changes
 * @param firstFailure when the minute's first counting failure happened, if any
 */
public record OutcomeBucket(
        Instant minute,
        OfferId offer,
        String provider,
        DetectionSource source,
        long[] counts,
        long[] ttfbBins,
        long ttfbSumMs,
        long[] totalBins,
        long totalSumMs,
        Optional<Instant> firstFailure) {

    private static final int CLASSES = OutcomeClass.values().length;

    public OutcomeBucket {
        Objects.requireNonNull(minute, "minute");
        Objects.requireNonNull(offer, "offer");
        provider = provider == null ? "" : provider;
        Objects.requireNonNull(source, "source");
        counts = sized(counts, CLASSES, "counts");
        ttfbBins = sized(ttfbBins, LatencyHistogram.BINS, "ttfbBins");
        totalBins = sized(totalBins, LatencyHistogram.BINS, "totalBins");
        firstFailure = firstFailure == null ? Optional.empty() : firstFailure;
        if (minute.getEpochSecond() % 60 != 0 || minute.getNano() != 0) {
            throw new IllegalArgumentException("minute must be a whole minute, got " + minute);
        }
    }

    public long count(OutcomeClass c) {
        return counts[c.ordinal()];
    }

    /** Every call, whatever its class. */
    public long calls() {
        return Arrays.stream(counts).sum();
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    @Override
    public long[] ttfbBins() {
        return ttfbBins.clone();
    }

    @Override
    public long[] totalBins() {
        return totalBins.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutcomeBucket b && minute.equals(b.minute) && offer.equals(b.offer) && provider.equals(b.provider)
                && source == b.source && Arrays.equals(counts, b.counts) && Arrays.equals(ttfbBins, b.ttfbBins)
                && ttfbSumMs == b.ttfbSumMs && Arrays.equals(totalBins, b.totalBins) && totalSumMs == b.totalSumMs
                && firstFailure.equals(b.firstFailure);
    }

    @Override
    public int hashCode() {
        return Objects.hash(minute, offer, source, Arrays.hashCode(counts));
    }

    @Override
    public String toString() {
        return "OutcomeBucket[" + minute + " " + offer + " " + source.wireName() + " " + Arrays.toString(counts) + "]";
    }

    private static long[] sized(long[] a, int n, String what) {
        if (a == null) {
            return new long[n];
        }
        if (a.length != n) {
            throw new IllegalArgumentException(what + " must have " + n + " entries, got " + a.length);
        }
        return a.clone();
    }
}
