package io.healthgate.proxy;

import io.healthgate.routing.AdaptiveDeadlines;
import io.healthgate.routing.FirstTokenDeadlines;
import io.healthgate.routing.HedgePolicy;
import io.healthgate.routing.RankKey;
import io.healthgate.routing.RoutingSettings;

import java.time.Duration;
import java.util.List;

/**
 * How a request's journey is bounded.
 *
 * @param maxAttempts how many offers one request may try before giving up
 * @param totalDeadline the whole journey, every attempt included, until the first byte reaches the client
 * @param firstByteTimeout per attempt: from sending to the response head (for a planned stream, to its
 *        first event); also the cap on any first-token deadline
 * @param idleTimeout per attempt: the longest silence between two body chunks of a stream
 * @param streamTimeout the longest a stream may run once it reached the client
 * @param maxUpstreamBodyBytes the largest non-streamed upstream body we read
 * @param firstTokenDeadlines per model or tier: an attempt with no first byte by then is
 *        abandoned and the next candidate tried (health-aware planning), capped by
 *        {@code firstByteTimeout}
 * @param hedging when to start a second attempt alongside a slow first one (off by default)
 * @param rankBy the health ranking keys ({@code routing.rank_by})
 * @param adaptive first-token and stall deadlines from each offer's own speed ({@code routing.first_token}),
 *        within {@code firstTokenDeadlines} and {@code idleTimeout}
 * @param streamRescue whether a stream that fails after its first byte is continued on the next
 *        candidate ({@code routing.stream_rescue}; a model's own setting wins)
 */
public record ProxySettings(
        int maxAttempts,
        Duration totalDeadline,
        Duration firstByteTimeout,
        Duration idleTimeout,
        Duration streamTimeout,
        int maxUpstreamBodyBytes,
        FirstTokenDeadlines firstTokenDeadlines,
        HedgePolicy hedging,
        List<RankKey> rankBy,
        AdaptiveDeadlines adaptive,
        boolean streamRescue) {

    public static final Duration DEFAULT_FIRST_BYTE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_STREAM_TIMEOUT = Duration.ofMinutes(10);
    public static final int DEFAULT_MAX_UPSTREAM_BODY_BYTES = 32 * 1024 * 1024;
    public static final boolean DEFAULT_STREAM_RESCUE = false;

    public ProxySettings {
        rankBy = rankBy == null ? RoutingSettings.DEFAULT_RANK_BY : List.copyOf(rankBy);
        // routing.max_attempts, routing.total_deadline_seconds and routing.rank_by: RoutingSettings holds the one rule.
        new RoutingSettings(maxAttempts, totalDeadline, rankBy, true);
        requirePositive("firstByteTimeout", firstByteTimeout);
        requirePositive("routing.stream_idle_seconds", idleTimeout);
        requirePositive("streamTimeout", streamTimeout);
        if (maxUpstreamBodyBytes < 1024) {
            throw new IllegalArgumentException("maxUpstreamBodyBytes must be >= 1024, got " + maxUpstreamBodyBytes);
        }
        firstTokenDeadlines = firstTokenDeadlines == null ? FirstTokenDeadlines.DEFAULTS : firstTokenDeadlines;
        hedging = hedging == null ? HedgePolicy.OFF : hedging;
        adaptive = adaptive == null ? AdaptiveDeadlines.DEFAULTS : adaptive;
    }

    /** The settings with the adaptive and rescue parts at their defaults. */
    public ProxySettings(int maxAttempts, Duration totalDeadline, Duration firstByteTimeout, Duration idleTimeout,
                         Duration streamTimeout, int maxUpstreamBodyBytes, FirstTokenDeadlines firstTokenDeadlines,
                         HedgePolicy hedging, List<RankKey> rankBy) {
        this(maxAttempts, totalDeadline, firstByteTimeout, idleTimeout, streamTimeout, maxUpstreamBodyBytes,
                firstTokenDeadlines, hedging, rankBy, AdaptiveDeadlines.DEFAULTS, DEFAULT_STREAM_RESCUE);
    }

    public static ProxySettings defaults() {
        return new ProxySettings(RoutingSettings.DEFAULT_MAX_ATTEMPTS, RoutingSettings.DEFAULT_TOTAL_DEADLINE, DEFAULT_FIRST_BYTE_TIMEOUT,
                DEFAULT_IDLE_TIMEOUT, DEFAULT_STREAM_TIMEOUT, DEFAULT_MAX_UPSTREAM_BODY_BYTES,
                FirstTokenDeadlines.DEFAULTS, HedgePolicy.OFF, RoutingSettings.DEFAULT_RANK_BY);
    }

    /**
     * The journey of the {@code routing:} section: first-token deadlines per tier, and as the plain
     * first-byte limit (for anything not planned per model) the most lenient of them; the rest at
     * defaults.
     */
    public static ProxySettings of(int maxAttempts, Duration totalDeadline, FirstTokenDeadlines firstToken,
                                   HedgePolicy hedging, List<RankKey> rankBy) {
        return of(maxAttempts, totalDeadline, firstToken, hedging, rankBy, DEFAULT_IDLE_TIMEOUT, AdaptiveDeadlines.DEFAULTS,
                DEFAULT_STREAM_RESCUE);
    }

    /**
     * The same with the rescue keys: {@code routing.stream_idle_seconds}, {@code routing.first_token}
     * and {@code routing.stream_rescue}.
     */
    public static ProxySettings of(int maxAttempts, Duration totalDeadline, FirstTokenDeadlines firstToken,
                                   HedgePolicy hedging, List<RankKey> rankBy, Duration streamIdle, AdaptiveDeadlines adaptive,
                                   boolean streamRescue) {
        return new ProxySettings(maxAttempts, totalDeadline, firstToken.longest(), streamIdle,
                DEFAULT_STREAM_TIMEOUT, DEFAULT_MAX_UPSTREAM_BODY_BYTES, firstToken, hedging, rankBy, adaptive, streamRescue);
    }

    /** The routing decisions' settings: these attempt limits and ranking keys. */
    public RoutingSettings routing(boolean healthAware) {
        return new RoutingSettings(maxAttempts, totalDeadline, rankBy, healthAware);
    }

    public ProxySettings withFirstTokenDeadlines(FirstTokenDeadlines d) {
        return new ProxySettings(maxAttempts, totalDeadline, firstByteTimeout, idleTimeout, streamTimeout, maxUpstreamBodyBytes, d, hedging, rankBy, adaptive, streamRescue);
    }

    public ProxySettings withHedging(HedgePolicy h) {
        return new ProxySettings(maxAttempts, totalDeadline, firstByteTimeout, idleTimeout, streamTimeout, maxUpstreamBodyBytes, firstTokenDeadlines, h, rankBy, adaptive, streamRescue);
    }

    public ProxySettings withRankBy(List<RankKey> keys) {
        return new ProxySettings(maxAttempts, totalDeadline, firstByteTimeout, idleTimeout, streamTimeout, maxUpstreamBodyBytes, firstTokenDeadlines, hedging, keys, adaptive, streamRescue);
    }

    public ProxySettings withMaxAttempts(int n) {
        return new ProxySettings(n, totalDeadline, firstByteTimeout, idleTimeout, streamTimeout, maxUpstreamBodyBytes, firstTokenDeadlines, hedging, rankBy, adaptive, streamRescue);
    }

    public ProxySettings withTimeouts(Duration deadline, Duration firstByte, Duration idle) {
        return new ProxySettings(maxAttempts, deadline, firstByte, idle, streamTimeout, maxUpstreamBodyBytes, firstTokenDeadlines, hedging, rankBy, adaptive, streamRescue);
    }

    public ProxySettings withAdaptive(AdaptiveDeadlines a) {
        return new ProxySettings(maxAttempts, totalDeadline, firstByteTimeout, idleTimeout, streamTimeout, maxUpstreamBodyBytes, firstTokenDeadlines, hedging, rankBy, a, streamRescue);
    }

    public ProxySettings withStreamRescue(boolean on) {
        return new ProxySettings(maxAttempts, totalDeadline, firstByteTimeout, idleTimeout, streamTimeout, maxUpstreamBodyBytes, firstTokenDeadlines, hedging, rankBy, adaptive, on);
    }

    /** {@code routing.stream_idle_seconds}: the longest stall a stream may have, whatever its offer's speed. */
    public ProxySettings withStreamIdle(Duration idle) {
        return new ProxySettings(maxAttempts, totalDeadline, firstByteTimeout, idle, streamTimeout, maxUpstreamBodyBytes, firstTokenDeadlines, hedging, rankBy, adaptive, streamRescue);
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            // In the file's own unit (whole seconds) when it is one, so the message quotes what the user wrote.
            String got = d == null ? "nothing" : d.toMillis() % 1000 == 0 ? Long.toString(d.toSeconds()) : d.toMillis() + " ms";
            throw new IllegalArgumentException(name + " must be positive, got " + got);
        }
    }
}
