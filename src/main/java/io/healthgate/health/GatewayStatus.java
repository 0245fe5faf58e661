package io.healthgate.health;

import java.util.Locale;

/** The rolled-up status of one upstream gateway. */
public enum GatewayStatus {
    HEALTHY,
    DEGRADED,
    /** Over half of its offers are unhealthy. */
    DOWN,
    /** Several of its offers failed at once, or a canary failed: probably a gateway-wide outage. */
    SUSPECT,
    /** Its key env var is not set. */
    UNCONFIGURED,
    /** Its key was rejected (auth_error). */
    MISCONFIGURED,
    /** It answered no_credits. */
    OUT_OF_CREDITS,
    /** Rate limited until its Retry-After passes. */
    THROTTLED,
    /** Listed but switched off (a special protocol without an adapter, or off in config). */
    DISABLED,
    /** No evidence yet. */
    UNKNOWN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
