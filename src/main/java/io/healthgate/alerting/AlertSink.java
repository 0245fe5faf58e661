package io.healthgate.alerting;

/**
 * Somewhere notifications go (the log, Slack, a webhook, Sentry). Called by
 * {@link AlertDispatcher} on its own threads, one notification at a time per sink, never on a
 * request path; a sink may block (bounded by its own timeouts) and signals failure by throwing,
 * after which the dispatcher retries with backoff.
 */
public interface AlertSink {

    /** A short name for logs and history ({@code log}, {@code slack}, {@code webhook}, {@code sentry}). */
    String name();

    /** Delivers one notification, or throws when it could not be delivered. */
    void send(AlertNotification notification) throws Exception;
}
