package io.healthgate.routing;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** One key of the health ranking ({@code routing.rank_by}); each puts the better offer first. */
public enum RankKey {
    /** healthy, then degraded, then unknown, then unhealthy. */
    STATUS,
    /** Higher uptime first; unknown uptime after every known one. */
    UPTIME,
    /** Lower median time to first byte first; unknown after every known one. */
    LATENCY,
    /** Cheaper first; unknown price after every known one. */
    PRICE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RankKey fromWireName(String s) {
        if (s != null) {
            for (RankKey k : values()) {
                if (k.wireName().equals(s.trim().toLowerCase(Locale.ROOT))) {
                    return k;
                }
            }
        }
        throw new IllegalArgumentException("unknown routing.rank_by key '" + s + "'; expected one of "
                + Arrays.stream(values()).map(RankKey::wireName).collect(Collectors.joining(", ")));
    }
}
