package io.healthgate.config;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code alerting:} where alerts go and when they fire. Thresholds are health percentages.
 *
 * @param sentryDsnEnv the environment variable holding the Sentry DSN (a secret, so never inline)
 * @param cooldownMinutes the same alert is not repeated within this many minutes
 * @param warningBelow overall health below this % raises a warning
 * @param criticalBelow overall health below this % raises a critical alert
 * @param resolvedAt an alert resolves once health is back at or above this %
 * @param dropPointsPerHour a fall of this many points within an hour alerts even above the thresholds
 * @param breakerOpenMinutes a circuit open longer than this alerts
 */
public record AlertingConfig(
        String webhookUrl,
        String slackWebhookUrl,
        String sentryDsnEnv,
        int cooldownMinutes,
        double warningBelow,
        double criticalBelow,
        double resolvedAt,
        double dropPointsPerHour,
        int breakerOpenMinutes) {

    public static final String DEFAULT_WEBHOOK_URL = "";
    public static final String DEFAULT_SLACK_WEBHOOK_URL = "";
    public static final String DEFAULT_SENTRY_DSN_ENV = "SENTRY_DSN";
    public static final int DEFAULT_COOLDOWN_MINUTES = 30;
    public static final double DEFAULT_WARNING_BELOW = 90;
    public static final double DEFAULT_CRITICAL_BELOW = 80;
    public static final double DEFAULT_RESOLVED_AT = 95;
    public static final double DEFAULT_DROP_POINTS_PER_HOUR = 10;
    public static final int DEFAULT_BREAKER_OPEN_MINUTES = 10;

    public AlertingConfig {
        Objects.requireNonNull(webhookUrl, "webhookUrl");
        Objects.requireNonNull(slackWebhookUrl, "slackWebhookUrl");
        Objects.requireNonNull(sentryDsnEnv, "sentryDsnEnv");
    }

    public static AlertingConfig defaults() {
        return new AlertingConfig(DEFAULT_WEBHOOK_URL, DEFAULT_SLACK_WEBHOOK_URL, DEFAULT_SENTRY_DSN_ENV,
                DEFAULT_COOLDOWN_MINUTES, DEFAULT_WARNING_BELOW, DEFAULT_CRITICAL_BELOW, DEFAULT_RESOLVED_AT,
                DEFAULT_DROP_POINTS_PER_HOUR, DEFAULT_BREAKER_OPEN_MINUTES);
    }

    public Duration cooldown() {
        return Duration.ofMinutes(cooldownMinutes);
    }
}
