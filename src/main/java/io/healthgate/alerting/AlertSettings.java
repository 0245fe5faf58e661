package io.healthgate.alerting;

import java.time.Duration;
import java.util.Objects;

/**
 * Thresholds of the alert rules. Percentages are model health (0..100).
 *
 * @param cooldown a repeat of the same alert at the same severity within this time is suppressed
 * @param warningBelow overall health below this fires {@code health.overall} as a warning
 * @param criticalBelow overall health below this fires {@code health.overall} as critical
 * @param resolvedAt once fired, {@code health.overall} resolves only at or above this (hysteresis)
 * @param dropPointsPerHour a fall of more than this many points within one hour fires {@code health.drop}
 * @param breakerOpenFor a breaker on a critical-tier offer open longer than this fires
 * @param hold a resolution is sent only once the condition has been clear this long
 */
public record AlertSettings(
        Duration cooldown,
        double warningBelow,
        double criticalBelow,
        double resolvedAt,
        double dropPointsPerHour,
        Duration breakerOpenFor,
        Duration hold) {

    public static final Duration DEFAULT_COOLDOWN = Duration.ofMinutes(30);
    public static final double DEFAULT_WARNING_BELOW = 90;
    public static final double DEFAULT_CRITICAL_BELOW = 80;
    public static final double DEFAULT_RESOLVED_AT = 95;
    public static final double DEFAULT_DROP_POINTS_PER_HOUR = 10;
    public static final Duration DEFAULT_BREAKER_OPEN_FOR = Duration.ofMinutes(10);
    public static final Duration DEFAULT_HOLD = Duration.ofMinutes(5);

    /** Messages name the {@code alerting.*} key and quote the value in the key's unit. */
    public AlertSettings {
        Objects.requireNonNull(cooldown, "cooldown");
        Objects.requireNonNull(breakerOpenFor, "breakerOpenFor");
        Objects.requireNonNull(hold, "hold");
        if (hold.isNegative()) {
            throw new IllegalArgumentException("alerting.hold_minutes must be >= 0, got " + hold.toMinutes());
        }
        if (cooldown.isNegative()) {
            throw new IllegalArgumentException("alerting.cooldown_minutes must be >= 0, got " + cooldown.toMinutes());
        }
        percentage("alerting.warning_below", warningBelow);
        percentage("alerting.critical_below", criticalBelow);
        percentage("alerting.resolved_at", resolvedAt);
        if (criticalBelow > warningBelow) {
            throw new IllegalArgumentException("alerting.critical_below must be at most alerting.warning_below (" + warningBelow
                    + "), got " + criticalBelow);
        }
        if (resolvedAt < warningBelow) {
            throw new IllegalArgumentException("alerting.resolved_at must be at least alerting.warning_below (" + warningBelow
                    + "), got " + resolvedAt);
        }
        // 0 is allowed: any fall within the hour alerts.
        percentage("alerting.drop_points_per_hour", dropPointsPerHour);
        if (breakerOpenFor.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("alerting.breaker_open_minutes must be >= 1, got " + breakerOpenFor.toMinutes());
        }
    }

    private static void percentage(String key, double v) {
        if (!(v >= 0 && v <= 100)) {
            throw new IllegalArgumentException(key + " must be between 0 and 100, got " + v);
        }
    }

    public static AlertSettings defaults() {
        return new AlertSettings(DEFAULT_COOLDOWN, DEFAULT_WARNING_BELOW, DEFAULT_CRITICAL_BELOW, DEFAULT_RESOLVED_AT,
                DEFAULT_DROP_POINTS_PER_HOUR, DEFAULT_BREAKER_OPEN_FOR, DEFAULT_HOLD);
    }

    public AlertSettings withCooldown(Duration d) {
        return new AlertSettings(d, warningBelow, criticalBelow, resolvedAt, dropPointsPerHour, breakerOpenFor, hold);
    }

    public AlertSettings withHold(Duration d) {
        return new AlertSettings(cooldown, warningBelow, criticalBelow, resolvedAt, dropPointsPerHour, breakerOpenFor, d);
    }
}
