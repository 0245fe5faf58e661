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
 */
public record AlertSettings(
        Duration cooldown,
        double warningBelow,
        double criticalBelow,
        double resolvedAt,
        double dropPointsPerHour,
        Duration breakerOpenFor) {

    public static final Duration DEFAULT_COOLDOWN = Duration.ofMinutes(30);
    public static final double DEFAULT_WARNING_BELOW = 90;
    public static final double DEFAULT_CRITICAL_BELOW = 80;
    public static final double DEFAULT_RESOLVED_AT = 95;
    public static final double DEFAULT_DROP_POINTS_PER_HOUR = 10;
    public static final Duration DEFAULT_BREAKER_OPEN_FOR = Duration.ofMinutes(10);

    public AlertSettings {
        Objects.requireNonNull(cooldown, "cooldown");
        Objects.requireNonNull(breakerOpenFor, "breakerOpenFor");
        if (cooldown.isNegative()) {
            throw new IllegalArgumentException("cooldown must be >= 0, got " + cooldown);
        }
        if (breakerOpenFor.isNegative()) {
            throw new IllegalArgumentException("breakerOpenFor must be >= 0, got " + breakerOpenFor);
        }
        if (!(0 <= criticalBelow && criticalBelow <= warningBelow && warningBelow <= resolvedAt && resolvedAt <= 100)) {
            throw new IllegalArgumentException("thresholds must satisfy 0 <= critical_below <= warning_below <= resolved_at <= 100, got critical_below="
                    + criticalBelow + ", warning_below=" + warningBelow + ", resolved_at=" + resolvedAt);
        }
        if (!(dropPointsPerHour > 0 && dropPointsPerHour <= 100)) {
            throw new IllegalArgumentException("drop_points_per_hour must be in (0, 100], got " + dropPointsPerHour);
        }
    }

    public static AlertSettings defaults() {
        return new AlertSettings(DEFAULT_COOLDOWN, DEFAULT_WARNING_BELOW, DEFAULT_CRITICAL_BELOW, DEFAULT_RESOLVED_AT,
                DEFAULT_DROP_POINTS_PER_HOUR, DEFAULT_BREAKER_OPEN_FOR);
    }

    /** From config's {@code alerting:} section. */
    public static AlertSettings from(io.healthgate.config.AlertingConfig c) {
        return new AlertSettings(Duration.ofMinutes(c.cooldownMinutes()), c.warningBelow(), c.criticalBelow(), c.resolvedAt(),
                c.dropPointsPerHour(), Duration.ofMinutes(c.breakerOpenMinutes()));
    }

    public AlertSettings withCooldown(Duration d) {
        return new AlertSettings(d, warningBelow, criticalBelow, resolvedAt, dropPointsPerHour, breakerOpenFor);
    }
}
