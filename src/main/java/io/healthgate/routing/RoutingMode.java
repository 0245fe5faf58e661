package io.healthgate.routing;

import java.util.Locale;

/** How the router orders candidates. */
public enum RoutingMode {
    /** Filter and rank by health (the normal mode). */
    HEALTH_AWARE,
    /** The rollback lever: plain catalog order, no health filtering, failover still on. */
    ORDERED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
