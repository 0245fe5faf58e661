/**
 * Finding and removing dead offers, plain Java ({@code ./healthgate cleanup}, or daily inside
 * {@code serve} when {@code cleanup.schedule_enabled}).
 * <ul>
 *   <li>{@link io.healthgate.cleanup.CleanupRules} decide, first match wins: not in the catalog,
 *       repeated not_found, 100% errors, never checked, idle for {@code cleanup.stale_days}; above
 *       them all, an offer with a recent success is never a candidate.</li>
 *   <li>A dry run by default; live mode removes every candidate in one transaction and logs each
 *       row. The store is reached only through the {@link io.healthgate.cleanup.CleanupRepository} port.</li>
 * </ul>
 */
package io.healthgate.cleanup;
