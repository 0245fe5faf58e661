package io.healthgate.alerting;

import java.time.Instant;
import java.util.Objects;

/**
 * One message to operators.
 *
 * @param key stable identity of the alert ({@code health.overall}, {@code gateway.groq.key_rejected},
 *     ...): repeats, severity changes and the resolution of one problem share it
 * @param healthPercentage overall model health when it was raised, {@link Double#NaN} when unknown
 */
public record AlertNotification(String key, Severity severity, String title, String message,
                                double healthPercentage, Instant at) {
    public AlertNotification {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(at, "at");
        if (key.isBlank()) {
            throw new IllegalArgumentException("alert key must not be blank");
        }
        // Every sink (webhook, Slack, Sentry, log, history) sends what this record holds.
        title = io.healthgate.providers.Secrets.mask(title);
        message = io.healthgate.providers.Secrets.mask(message);
    }

    /** One line for logs: {@code [critical] health.overall: title - message}. */
    public String oneLine() {
        return "[" + severity.wireName() + "] " + key + ": " + title + " - " + message;
    }
}
