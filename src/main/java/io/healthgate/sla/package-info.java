/**
 * SLA tracking, plain Java: what each gateway, provider and offer delivered over a window.
 * <ul>
 *   <li>{@link io.healthgate.sla.HistoryRecorder} subscribes to the outcome bus and writes one
 *       {@link io.healthgate.sla.OutcomeBucket} per offer, source and minute behind the request path
 *       (the {@link io.healthgate.health.WriteBehind} mechanism), into the
 *       {@link io.healthgate.sla.OutcomeHistory} port that {@code store} implements.</li>
 *   <li>{@link io.healthgate.sla.SlaCalculator} reads a window of it in one pass into an
 *       {@link io.healthgate.sla.SlaReport}: availability on counting classes only (the rest shown
 *       beside it), latency percentiles of successes, error budget against each gateway's target, a
 *       value per day, and incidents ({@code IncidentBuilder}) with how they were detected.</li>
 *   <li>{@link io.healthgate.sla.SlaFormats} renders the one report as JSON ({@code GET /health/sla},
 *       the dashboard), Markdown and CSV ({@code healthgate report}), so the three agree.</li>
 *   <li>{@link io.healthgate.sla.SuccessMetrics}: the recovery plan's six figures against their targets.</li>
 * </ul>
 */
package io.healthgate.sla;
