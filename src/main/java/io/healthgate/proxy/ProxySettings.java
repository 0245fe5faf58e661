package io.healthgate.proxy;

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
        List<RankKey> rankBy) {

    public static final Duration DEFAULT_FIRST_BYTE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_STREAM_TIMEOUT = Duration.ofMinutes(10);
    public static final int DEFAULT_MAX_UPSTREAM_BODY_BYTES = 32 * 1024 * 1024;

    public ProxySettings {
        rankBy = rankBy == null ? RoutingSettings.DEFAULT_RANK_BY : List.copyOf(rankBy);
        // routing.max_attempts, routing.total_deadline_seconds and routing.rank_by: RoutingSettings holds the one rule.
        new RoutingSettings(maxAttempts, totalDeadline, rankBy, true);
        requirePositive("firstByteTimeout", firstByteTimeout);
        requirePositive("idleTimeout", idleTimeout);
        requirePositive("streamTimeout", streamTimeout);
        if (maxUpstreamBodyBytes < 1024) {
            throw new IllegalArgumentException("maxUpstreamBodyBytes must be >= 1024, got " + maxUpstreamBodyBytes);
        }
        firstTokenDeadlines = firstTokenDeadlines == null ? FirstTokenDeadlines.DEFAULTS : firstTokenDeadlines;
        hedging = hedging == null ? HedgePolicy.OFF : hedging;
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
        return new ProxySettings(maxAttempts, totalDeadline, firstToken.longest(), DEFAULT_IDLE_TIMEOUT,
                DEFAULT_STREAM_TIMEOUT, DEFAULT_MAX_UPSTREAM_BODY_BYTES, firstToken, hedging, rankBy);
    }

    /** The routing decisions' settings: these attempt limits and ranking keys. */
    public RoutingSettings routing(boolean healthAware) {
        return new RoutingSettings(maxAttempts, totalDeadline, rankBy, healthAware);
    }

    public ProxySettings withFirstTokenDeadlines(FirstTokenDeadlines d) {
        return new ProxySettings(maxAttempts, totalDeadline, firstByteTimeout, idleTimeout, streamTimeout, maxUpstreamBodyBytes, d, hedging, rankBy);
    }

    public ProxySettings withHedging(HedgePolicy h) {
        return new ProxySettings(maxAttempts, totalDeadline, firstByteTimeout, idleTimeout, streamTimeout, maxUpstreamBodyBytes, firstTokenDeadlines, h, rankBy);
    }

    public ProxySettings withRankBy(List<RankKey> keys) {
        return new ProxySettings(maxAttempts, totalDeadline, firstByteTimeout, idleTimeout, streamTimeout, maxUpstreamBodyBytes, firstTokenDeadlines, hedging, keys);
    }

    public ProxySettings withMaxAttempts(int n) {
        return new ProxySettings(n, totalDeadline, firstByteTimeout, idleTimeout, streamTimeout, maxUpstreamBodyBytes, firstTokenDeadlines, hedging, rankBy);
    }

    public ProxySettings withTimeouts(Duration deadline, Duration firstByte, Duration idle) {
        return new ProxySettings(maxAttempts, deadline, firstByte, idle, streamTimeout, maxUpstreamBodyBytes, firstTokenDeadlines, hedging, rankBy);
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }
}
