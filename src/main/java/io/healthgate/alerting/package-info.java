/**
 * Alerting, plain Java: turns each health snapshot into notifications for operators.
 * <ul>
 *   <li>{@link io.healthgate.alerting.SnapshotFacts} adapts a snapshot into
 *       {@link io.healthgate.alerting.HealthFacts}; the rules (overall health below a threshold,
 *       a fast drop, a critical model with no healthy offer, a gateway misconfigured or out of
 *       credits, a breaker open too long) say which conditions hold;
 *       {@link io.healthgate.alerting.AlertEvaluator#evaluate} decides what to send: a new
 *       condition at once, a repeat at the same severity only after the cooldown, a severity
 *       change at once, and one {@code resolved} when it stops holding.</li>
 *   <li>{@link io.healthgate.alerting.AlertDispatcher} only queues: delivery runs off the caller's
 *       thread, one lane per sink, retried with backoff in order; a failing sink never blocks
 *       another. Sinks (log always; Slack, webhook, Sentry when configured) never print a URL or DSN.</li>
 *   <li>History goes through the {@link io.healthgate.alerting.AlertHistory} port; {@code store}
 *       implements it.</li>
 * </ul>
 */
package io.healthgate.alerting;
