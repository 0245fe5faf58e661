package io.healthgate.alerting;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Where sent notifications are kept for the API and the dashboard. Implemented by {@code store}
 * (table {@code alert_history}) and by {@link InMemoryAlertHistory}. Methods may block on I/O;
 * the dispatcher calls {@link #record} off the request path.
 */
public interface AlertHistory {

    /** Stores one notification and the names of the sinks it was dispatched to. */
    void record(AlertNotification notification, List<String> sinks);

    /** The newest {@code limit} entries, newest first. */
    List<Entry> recent(int limit);

    /** One stored notification. {@code healthPercentage} is NaN when it was unknown. */
    record Entry(long id, String key, Severity severity, String title, String message,
                 double healthPercentage, Instant createdAt, List<String> sinks) {
        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(createdAt, "createdAt");
            title = title == null ? "" : title;
            message = message == null ? "" : message;
            sinks = sinks == null ? List.of() : List.copyOf(sinks);
        }
    }
}
