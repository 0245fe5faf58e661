/**
 * Several instances acting as one gateway, plain Java (the Redis implementations live in
 * {@code store}; {@code app} wires them when {@code redis.url} is set).
 * <ul>
 *   <li>{@link io.healthgate.fleet.FleetSync} shares what one instance sees (breaker moves, status
 *       changes from its own evidence, throttles, probe outcomes) and applies what the others
 *       share, off the request path; it measures how old the news is on arrival
 *       ({@link io.healthgate.fleet.StalenessMeter}) and falls back to the instance's own view
 *       while Redis is down, resyncing when it returns.</li>
 *   <li>{@link io.healthgate.fleet.ProbeSharding} divides probing among live instances by lease
 *       (rendezvous hashing), so each offer is probed by one instance for the fleet.</li>
 *   <li>Ports: {@link io.healthgate.fleet.FleetChannel}, {@link io.healthgate.fleet.InstanceRegistry},
 *       {@link io.healthgate.fleet.SharedViews}, plus {@code health.ProbeLeases} and
 *       {@code health.FleetCounters}.</li>
 * </ul>
 */
package io.healthgate.fleet;
