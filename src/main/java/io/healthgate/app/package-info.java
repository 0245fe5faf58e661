/**
 * The composition root: the one place that names concrete classes and wires them together.
 * {@link io.healthgate.app.Healthgate} builds the outcome bus, the upstream client, the proxy, the
 * health side ({@code HealthWiring}: engine, breakers, store, probes, alerting, cleanup schedule)
 * and the HTTP front from settings, a catalog, an environment map and a {@code Clock}.
 * <ul>
 *   <li>Only this package (and {@code store} itself) may import {@code store}; features see it only
 *       through their own ports ({@code HealthStore}, {@code AlertHistory}, ...).</li>
 *   <li>Blocking work (JDBC, alert delivery) gets its own executors here, never an event loop.</li>
 *   <li>{@code POST /admin/reload} swaps the served catalog ({@code ServedCatalog}) atomically;
 *       requests already under way finish on the catalog they started with.</li>
 * </ul>
 */
package io.healthgate.app;
