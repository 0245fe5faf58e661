package io.healthgate.routing;

import io.healthgate.catalog.OfferId;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small memory of how fast each offer answered recently on live traffic: its last
 * {@value #CAPACITY} times to first byte and its last {@value #CAPACITY} gaps between two stream
 * chunks. The adaptive deadlines ({@link AdaptiveDeadlines}) read their p99 from here. Safe to
 * use from any event loop; each offer's ring is locked only to add a sample or, once per
 * {@value #RESORT_AFTER} samples, to sort a copy of a few hundred longs.
 */
public final class OfferTimings {
    static final int CAPACITY = 256;
    /** New samples after which a ring's p99 is sorted again (see {@link Ring}). */
    static final int RESORT_AFTER = 16;

    private final Map<OfferId, Ring> firstBytes = new ConcurrentHashMap<>();
    private final Map<OfferId, Ring> gaps = new ConcurrentHashMap<>();

    /** A successful attempt's time from sending to its first byte. */
    public void recordFirstByte(OfferId offer, Duration d) {
        firstBytes.computeIfAbsent(offer, o -> new Ring()).add(d.toMillis());
    }

    /** The silence between two chunks of a stream from {@code offer}. */
    public void recordGap(OfferId offer, Duration d) {
        gaps.computeIfAbsent(offer, o -> new Ring()).add(d.toMillis());
    }

    /** The p99 time to first byte over the remembered samples; empty with fewer than {@code minSamples}. */
    public Optional<Duration> firstByteP99(OfferId offer, int minSamples) {
        return p99(firstBytes.get(offer), minSamples);
    }

    /** The p99 gap between stream chunks; empty with fewer than {@code minSamples}. */
    public Optional<Duration> gapP99(OfferId offer, int minSamples) {
        return p99(gaps.get(offer), minSamples);
    }

    private static Optional<Duration> p99(Ring ring, int minSamples) {
        if (ring == null) {
            return Optional.empty();
        }
        long p99 = ring.p99(Math.max(1, minSamples));
        return p99 < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(p99));
    }

    /**
     * The last {@value #CAPACITY} samples and their p99. Every attempt reads two p99s, so the sort
     * behind one is kept until {@value #RESORT_AFTER} new samples have come in (a profile put
     * sorting on every read at 4% of the gateway's CPU); a deadline drawn from samples a few
     * requests old is as good as one drawn from the newest.
     */
    private static final class Ring {
        private final long[] values = new long[CAPACITY];
        private int size;
        private int next;
        private long sortedP99 = -1;
        private int addsSinceSort;

        synchronized void add(long v) {
            values[next] = v;
            next = (next + 1) % CAPACITY;
            size = Math.min(size + 1, CAPACITY);
            addsSinceSort++;
        }

        /** The p99 (nearest rank: the smallest sample at or above 99% of them), or -1 with fewer than {@code minSamples}. */
        synchronized long p99(int minSamples) {
            if (size < minSamples) {
                return -1;
            }
            if (sortedP99 < 0 || addsSinceSort >= RESORT_AFTER) {
                long[] s = Arrays.copyOf(values, size);
                Arrays.sort(s);
                int rank = (int) Math.ceil(0.99 * s.length) - 1;
                sortedP99 = s[Math.max(0, rank)];
                addsSinceSort = 0;
            }
            return sortedP99;
        }
    }
}
