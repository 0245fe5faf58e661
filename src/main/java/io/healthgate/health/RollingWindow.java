package io.healthgate.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A rolling time window of counting outcomes, cut into fixed buckets (the idea of resilience4j's
 * SlidingTimeWindowMetrics). Running totals are kept beside the buckets: recording adds to one
 * bucket and the totals, and moving time forward subtracts each bucket that falls out, so both
 * recording and reading are O(1) amortised. Not thread-safe: its owner ({@link OfferState})
 * serialises access.
 */
final class RollingWindow {
    private final long bucketSeconds;
    private final Bucket[] buckets;
    private final long[] totalLatency = new long[LatencyHistogram.BINS];
    private long totalSuccesses;
    private long totalFailures;
    private long totalLive;
    private long totalFlips;
    /** The bucket index (epoch seconds / bucket width) the window currently ends in. */
    private long headEpoch = Long.MIN_VALUE;

    RollingWindow(Duration bucketWidth, int bucketCount) {
        this.bucketSeconds = Math.max(1, bucketWidth.toSeconds());
        this.buckets = new Bucket[bucketCount];
        for (int i = 0; i < bucketCount; i++) {
            buckets[i] = new Bucket();
        }
    }

    /** Adds one counting outcome; {@code ttfb} is recorded for successes only. */
    void record(Instant now, boolean success, Optional<Duration> ttfb) {
        record(now, success, ttfb, false, false);
    }

    /**
     * Adds one counting outcome.
     *
     * @param live it came from live traffic (the offer's share of its model's traffic is counted from these)
     * @param flip it differs from the offer's previous counting outcome (success after failure or the reverse)
     */
    void record(Instant now, boolean success, Optional<Duration> ttfb, boolean live, boolean flip) {
        Bucket b = bucketFor(now);
        if (live) {
            b.live++;
            totalLive++;
        }
        if (flip) {
            b.flips++;
            totalFlips++;
        }
        if (success) {
            b.successes++;
            totalSuccesses++;
            if (ttfb.isPresent()) {
                int bin = LatencyHistogram.bin(ttfb.get());
                b.latency[bin]++;
                totalLatency[bin]++;
            }
        } else {
            b.failures++;
            totalFailures++;
        }
    }

    /** What the window holds at {@code now}; older buckets fall out first. */
    Summary summary(Instant now) {
        advanceTo(epoch(now));
        return new Summary(totalSuccesses, totalFailures,
                LatencyHistogram.quantile(totalLatency, 0.50), LatencyHistogram.quantile(totalLatency, 0.95),
                totalLatency.clone(), totalLive, totalFlips);
    }

    private Bucket bucketFor(Instant now) {
        long e = epoch(now);
        if (e < headEpoch) {
            // An outcome stamped a moment ago on another thread: the clock never runs backward
            // far, so count it in the current bucket rather than lose it.
            e = headEpoch;
        }
        advanceTo(e);
        return buckets[(int) Math.floorMod(e, (long) buckets.length)];
    }

    private void advanceTo(long e) {
        if (headEpoch == Long.MIN_VALUE) {
            headEpoch = e;
            return;
        }
        if (e <= headEpoch) {
            return;
        }
        long steps = Math.min(e - headEpoch, buckets.length);
        for (long i = 1; i <= steps; i++) {
            Bucket b = buckets[(int) Math.floorMod(headEpoch + i, (long) buckets.length)];
            evict(b);
        }
        headEpoch = e;
    }

    private void evict(Bucket b) {
        totalSuccesses -= b.successes;
        totalFailures -= b.failures;
        totalLive -= b.live;
        totalFlips -= b.flips;
        b.live = 0;
        b.flips = 0;
        for (int i = 0; i < LatencyHistogram.BINS; i++) {
            totalLatency[i] -= b.latency[i];
            b.latency[i] = 0;
        }
        b.successes = 0;
        b.failures = 0;
    }

    private long epoch(Instant now) {
        return Math.floorDiv(now.getEpochSecond(), bucketSeconds);
    }

    private static final class Bucket {
        long successes;
        long failures;
        long live;
        long flips;
        final long[] latency = new long[LatencyHistogram.BINS];
    }

    /**
     * The window's contents.
     *
     * @param latencyBins the merged latency histogram, for rolling offers up into gateways
     * @param live how many of the outcomes came from live traffic
     * @param flips how many outcomes differed from the one before (success after failure or the reverse)
     */
    record Summary(long successes, long failures, Optional<Duration> p50, Optional<Duration> p95, long[] latencyBins,
                   long live, long flips) {
        static final Summary EMPTY = new Summary(0, 0, Optional.empty(), Optional.empty(), new long[LatencyHistogram.BINS], 0, 0);

        long samples() {
            return successes + failures;
        }

        /** Empty when there are no samples: no data is never "0%". */
        Optional<Double> successRate() {
            long n = samples();
            return n == 0 ? Optional.empty() : Optional.of((double) successes / n);
        }

        double errorRate() {
            long n = samples();
            return n == 0 ? 0.0 : (double) failures / n;
        }
    }
}
