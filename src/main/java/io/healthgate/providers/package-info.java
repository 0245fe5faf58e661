/**
 * Upstream calls, minus the network: everything here is plain Java (Jackson, JDK), so the
 * Vert.x server and client in {@code proxy}/{@code api} call it and it is tested alone.
 *
 * <ul>
 *   <li>{@link io.healthgate.providers.OutcomeClassifier}: status + headers + body, an in-band
 *       stream event, or an exception → {@link io.healthgate.providers.Classification}
 *       (outcome class, detail, Retry-After, redacted summary). For probes, call
 *       {@link io.healthgate.providers.Classification#forProbe()}.</li>
 *   <li>{@link io.healthgate.providers.UpstreamRequests#build}: gateway + upstream model + key +
 *       body → {@link io.healthgate.providers.UpstreamRequest} (URL, headers, body);
 *       {@link io.healthgate.providers.ProbeRequests} builds the probe body.</li>
 *   <li>{@link io.healthgate.providers.Secrets}: redaction for anything logged, stored or relayed.</li>
 *   <li>{@code providers.sse}: incremental SSE parser and writer.</li>
 *   <li>{@code providers.translate}: OpenAI ⇄ Anthropic requests, responses, streams, error shapes.</li>
 * </ul>
 */
package io.healthgate.providers;
