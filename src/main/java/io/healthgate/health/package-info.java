/**
 * Model health, plain Java: the core of the gateway.
 * <ul>
 *   <li>Every outcome, live or probe, goes through the {@link io.healthgate.health.OutcomeBus} into
 *       {@link io.healthgate.health.HealthEngine}, which feeds that offer's rolling window at once.
 *       Only counting classes (timeout, server_error, connection_error, bad_response, and success)
 *       enter the window: rate limits, auth errors, missing credits and client errors never make an
 *       offer unhealthy.</li>
 *   <li>Offer status follows {@code StatusRules.offer}, a ladder whose first matching rule decides:
 *       unconfigured, misconfigured, deprecated, unhealthy (circuit open), unknown (no fresh
 *       evidence), unhealthy (failures), degraded, healthy. A model is as healthy as its best offer.</li>
 *   <li>An immutable {@link io.healthgate.health.HealthSnapshot} is rebuilt on change (at most about
 *       once a second) and swapped atomically; routing and the API read it without locks.</li>
 *   <li>{@link io.healthgate.health.ProbeScheduler} decides which offers to probe and when (pure, on
 *       {@code Instant now}); {@link io.healthgate.health.ProbeRunner} carries it out through the
 *       {@link io.healthgate.health.Prober} port.</li>
 *   <li>Persistence and the shared cache are ports ({@link io.healthgate.health.HealthStore},
 *       {@link io.healthgate.health.FleetCounters}, {@link io.healthgate.health.ProbeLeases}),
 *       written behind by {@link io.healthgate.health.HealthWriter}: nothing on a request path waits
 *       on a database or Redis. A store that is unreachable is connected later by
 *       {@link io.healthgate.health.StoreLink} (backoff on the store's own thread); meanwhile the
 *       {@link io.healthgate.health.WriteBehind} buffers keep the counts, bounded, and count what
 *       they drop ({@link io.healthgate.health.StoreStatus}).</li>
 * </ul>
 */
package io.healthgate.health;
