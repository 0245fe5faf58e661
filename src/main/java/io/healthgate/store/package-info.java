/**
 * Persistence and the shared cache: the JDBC store ({@link io.healthgate.store.Database},
 * SQLite by default, PostgreSQL by URL, migrated by Flyway) and the optional Redis cache
 * ({@link io.healthgate.store.RedisCache}: published views, fleet-wide outcome counters, probe leases).
 * <ul>
 *   <li>It implements the ports the features define ({@code HealthStore}, {@code AlertHistory},
 *       {@code CleanupRepository}, {@code FleetCounters}, {@code ProbeLeases}); no feature imports
 *       it, only {@code app} does.</li>
 *   <li>Every JDBC method blocks: callers run it on their own executors, never on an event loop or a
 *       request path. Failures are {@link io.healthgate.store.StoreException}, logged and counted by
 *       the caller; serving continues without the store or Redis.</li>
 * </ul>
 */
package io.healthgate.store;
