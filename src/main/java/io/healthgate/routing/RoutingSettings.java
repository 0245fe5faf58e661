package io.healthgate.routing;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code routing.*} settings the decisions read.
 *
 * @param maxAttempts upstream attempts per request, the first one included
 * @param totalDeadline time from the request's arrival after which no new attempt starts
 * @param rankBy the ranking keys, most important first; catalog order breaks remaining ties
 * @param healthAware the initial mode of the {@link RoutingSwitch}
 */
public record RoutingSettings(int maxAttempts, Duration totalDeadline, List<RankKey> rankBy, boolean healthAware) {

    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_TOTAL_DEADLINE = Duration.ofSeconds(120);
    public static final List<RankKey> DEFAULT_RANK_BY = List.of(RankKey.STATUS, RankKey.UPTIME, RankKey.LATENCY, RankKey.PRICE);

    public static final RoutingSettings DEFAULTS = new RoutingSettings(DEFAULT_MAX_ATTEMPTS, DEFAULT_TOTAL_DEADLINE, DEFAULT_RANK_BY, true);

    public RoutingSettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("routing.max_attempts must be >= 1, got " + maxAttempts);
        }
        if (totalDeadline == null || totalDeadline.isNegative() || totalDeadline.isZero()) {
            throw new IllegalArgumentException("routing.total_deadline_seconds must be >= 1, got " + Durations.inSeconds(totalDeadline));
        }
        rankBy = rankBy == null ? DEFAULT_RANK_BY : List.copyOf(rankBy);
        if (rankBy.isEmpty()) {
            throw new IllegalArgumentException("routing.rank_by must list at least one key, got []");
        }
        Set<RankKey> seen = EnumSet.noneOf(RankKey.class);
        for (RankKey k : rankBy) {
            if (!seen.add(k)) {
                throw new IllegalArgumentException("routing.rank_by lists '" + k.wireName() + "' twice: " + rankBy);
            }
        }
    }

    /** Parses {@code routing.rank_by} as written in config, e.g. {@code [status, latency]}. */
    public static List<RankKey> parseRankBy(List<String> names) {
        return names.stream().map(RankKey::fromWireName).toList();
    }

    public RoutingSettings withRankBy(List<RankKey> keys) {
        return new RoutingSettings(maxAttempts, totalDeadline, keys, healthAware);
    }

    public RoutingSettings withMaxAttempts(int n) {
        return new RoutingSettings(n, totalDeadline, rankBy, healthAware);
    }

    public RoutingSettings withTotalDeadline(Duration d) {
        return new RoutingSettings(maxAttempts, d, rankBy, healthAware);
    }
}
