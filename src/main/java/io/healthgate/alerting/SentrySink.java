package io.healthgate.alerting;

import io.sentry.Sentry;
import io.sentry.SentryLevel;
import io.sentry.protocol.SentryId;

import java.util.List;
import java.util.Objects;

/**
 * Sends each notification to Sentry through the official Java SDK as a message event: level from
 * the severity (resolved and info as {@code info}), grouped by the alert key (fingerprint), tagged
 * {@code alert_key} and {@code alert_severity}. The SDK queues and sends on its own thread.
 *
 * <p>Sentry's client is process-global, so one instance per process: it initialises the SDK with
 * the DSN (never logged) and {@link #close()} shuts it down.
 */
public final class SentrySink implements AlertSink, AutoCloseable {

    public SentrySink(String dsn, String environment) {
        Objects.requireNonNull(dsn, "dsn");
        if (dsn.isBlank()) {
            throw new IllegalArgumentException("Sentry DSN is empty");
        }
        Sentry.init(options -> {
            options.setDsn(dsn);
            options.setEnvironment(environment == null || environment.isBlank() ? "production" : environment);
            options.setRelease("healthgate@0.1.0");
            // We report alerts, not crashes: leave the JVM's uncaught-exception handling alone.
            options.setEnableUncaughtExceptionHandler(false);
            options.setSendDefaultPii(false);
        });
    }

    @Override
    public String name() {
        return "sentry";
    }

    @Override
    public void send(AlertNotification n) {
        SentryId id = Sentry.captureMessage(n.title() + ": " + n.message(), level(n.severity()), scope -> {
            scope.setFingerprint(List.of("healthgate-alert", n.key()));
            scope.setTag("alert_key", n.key());
            scope.setTag("alert_severity", n.severity().wireName());
            if (!Double.isNaN(n.healthPercentage())) {
                scope.setExtra("health_percentage", String.valueOf(n.healthPercentage()));
            }
        });
        if (SentryId.EMPTY_ID.equals(id)) {
            throw new IllegalStateException("Sentry SDK is not enabled; event not captured");
        }
    }

    static SentryLevel level(Severity s) {
        return switch (s) {
            case CRITICAL -> SentryLevel.ERROR;
            case WARNING -> SentryLevel.WARNING;
            case INFO, RESOLVED -> SentryLevel.INFO;
        };
    }

    /** Waits up to {@code millis} for queued events to be sent (tests, shutdown). */
    public void flush(long millis) {
        Sentry.flush(millis);
    }

    @Override
    public void close() {
        Sentry.close();
    }
}
