package io.healthgate.support;

import io.healthgate.catalog.OfferId;
import io.healthgate.health.LatencyHistogram;
import io.healthgate.health.OutcomeClass;
import io.healthgate.sla.DetectionSource;
import io.healthgate.sla.OutcomeBucket;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Builds outcome history buckets for tests: {@code Buckets.at(minute, offer).successes(9, 200).failures(SERVER_ERROR, 1).build()}. */
public final class Buckets {
    private final Instant minute;
    private final OfferId offer;
    private String provider;
    private DetectionSource source = DetectionSource.TRAFFIC;
    private final long[] counts = new long[OutcomeClass.values().length];
    private final long[] ttfb = new long[LatencyHistogram.BINS];
    private final long[] total = new long[LatencyHistogram.BINS];
    private long ttfbSum;
    private long totalSum;
    private Instant firstFailure;

    private Buckets(Instant minute, OfferId offer) {
        this.minute = minute;
        this.offer = offer;
        this.provider = offer.model().contains("/") ? offer.model().substring(0, offer.model().indexOf('/')) : offer.model();
    }

    public static Buckets at(Instant minute, OfferId offer) {
        return new Buckets(minute, offer);
    }

    public Buckets provider(String p) {
        provider = p;
        return this;
    }

    public Buckets source(DetectionSource s) {
        source = s;
        return this;
    }

    /** {@code n} successes, each with this time to first byte and twice it in total. */
    public Buckets successes(long n, long ttfbMs) {
        counts[OutcomeClass.SUCCESS.ordinal()] += n;
        ttfb[LatencyHistogram.bin(Duration.ofMillis(ttfbMs))] += n;
        total[LatencyHistogram.bin(Duration.ofMillis(2 * ttfbMs))] += n;
        ttfbSum += n * ttfbMs;
        totalSum += n * 2 * ttfbMs;
        return this;
    }

    /** {@code n} calls of a class other than success; a counting failure sets the first failure to the minute's start plus {@code offsetSeconds}. */
    public Buckets calls(OutcomeClass c, long n, long offsetSeconds) {
        counts[c.ordinal()] += n;
        if (c.countsAgainstOffer() && n > 0) {
            Instant at = minute.plusSeconds(offsetSeconds);
            firstFailure = firstFailure == null || at.isBefore(firstFailure) ? at : firstFailure;
        }
        return this;
    }

    public Buckets calls(OutcomeClass c, long n) {
        return calls(c, n, 0);
    }

    public OutcomeBucket build() {
        return new OutcomeBucket(minute, offer, provider, source, counts, ttfb, ttfbSum, total, totalSum, Optional.ofNullable(firstFailure));
    }
}
