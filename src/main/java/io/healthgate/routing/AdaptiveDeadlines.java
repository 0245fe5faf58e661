package io.healthgate.routing;

import io.healthgate.catalog.OfferId;

import java.time.Duration;
import java.util.Objects;

/**
 * Deadlines that follow each offer's own speed. An offer that usually answers in 200 ms and
 * then goes silent should not hold a request for the tier's 30 or 60 seconds.
 * <ul>
 *   <li>first token: once the offer has at least {@code minSamples} first-byte samples,
 *       min(tier or model deadline, max(floor, factor × p99 time to first byte)); before that,
 *       the tier or model deadline;</li>
 *   <li>stream stall: the same rule over the offer's gaps between chunks, with its own floor,
 *       capped by {@code routing.stream_idle_seconds}; before the first byte reached the client a
 *       stall fails over, after it the stream is rescued or ends with an error event.</li>
 * </ul>
 * Keys: {@code routing.first_token.{adaptive, floor_seconds, p99_factor, min_samples}},
 * {@code routing.stream_idle_seconds}, {@code routing.stream_idle_floor_seconds}.
 *
 * @param enabled false: always the configured deadlines, never shorter
 * @param firstTokenFloor the shortest adaptive first-token deadline
 * @param factor how many times the p99 an attempt may take
 * @param minSamples samples an offer needs before its own speed counts
 * @param streamIdleFloor the shortest adaptive stall deadline
 */
public record AdaptiveDeadlines(boolean enabled, Duration firstTokenFloor, double factor, int minSamples,
                                Duration streamIdleFloor) {

    public static final boolean DEFAULT_ENABLED = true;
    public static final Duration DEFAULT_FIRST_TOKEN_FLOOR = Duration.ofSeconds(5);
    public static final double DEFAULT_FACTOR = 4;
    public static final int DEFAULT_MIN_SAMPLES = 20;
    public static final Duration DEFAULT_STREAM_IDLE_FLOOR = Duration.ofSeconds(10);

    public static final AdaptiveDeadlines DEFAULTS = new AdaptiveDeadlines(DEFAULT_ENABLED, DEFAULT_FIRST_TOKEN_FLOOR,
            DEFAULT_FACTOR, DEFAULT_MIN_SAMPLES, DEFAULT_STREAM_IDLE_FLOOR);

    public AdaptiveDeadlines {
        requirePositive("routing.first_token.floor_seconds", firstTokenFloor);
        requirePositive("routing.stream_idle_floor_seconds", streamIdleFloor);
        if (!(factor >= 1)) {
            throw new IllegalArgumentException("routing.first_token.p99_factor must be >= 1, got " + factor);
        }
        if (minSamples < 1) {
            throw new IllegalArgumentException("routing.first_token.min_samples must be >= 1, got " + minSamples);
        }
    }

    /** The first-token deadline for one attempt on {@code offer}, never beyond {@code configured}. */
    public Duration firstToken(OfferTimings timings, OfferId offer, Duration configured) {
        return adapt(timings.firstByteP99(offer, minSamples), firstTokenFloor, configured);
    }

    /**
     * The longest silence allowed between two chunks of a stream from {@code offer}, never beyond
     * {@code configured} ({@code routing.stream_idle_seconds}).
     */
    public Duration streamIdle(OfferTimings timings, OfferId offer, Duration configured) {
        return adapt(timings.gapP99(offer, minSamples), streamIdleFloor, configured);
    }

    /** min(configured, max(floor, factor x p99)); the configured deadline without enough history. */
    private Duration adapt(java.util.Optional<Duration> p99, Duration floor, Duration configured) {
        Objects.requireNonNull(configured, "configured");
        if (!enabled) {
            return configured;
        }
        // A double product saturates at Long.MAX_VALUE ms instead of overflowing: a huge factor just means "the configured deadline".
        return p99.map(p -> min(configured, max(floor, Duration.ofMillis((long) Math.min(Long.MAX_VALUE / 2.0, p.toMillis() * factor)))))
                .orElse(configured);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static void requirePositive(String key, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(key + " must be positive, got " + Durations.inSeconds(d));
        }
    }
}
