package io.healthgate.app;

import io.healthgate.api.MetricsRecorder;
import io.healthgate.api.OperatorRoutes;
import io.healthgate.api.OperatorServices;
import io.healthgate.api.OperatorSettings;
import io.healthgate.api.Reloader;
import io.healthgate.config.HealthgateConfig;
import io.healthgate.catalog.OfferId;
import io.healthgate.health.OutcomeBus;
import io.healthgate.health.OutcomeClass;
import io.healthgate.proxy.ProxyEventHub;
import io.healthgate.proxy.ProxyEvents;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Wires the operator views (health API, dashboard, metrics, admin) over the health side of the
 * process. Part of the composition root: the metrics recorder subscribes to the outcome bus and to
 * the proxy's events (failovers, fail-open plans, hedges); the
 * admin key comes from the env var {@code auth.admin_key_env} names; {@code POST /admin/reload}
 * runs the given reloader.
 */
final class OperatorWiring implements AutoCloseable {
    private final MetricsRecorder metrics;
    private final OperatorRoutes routes;

    OperatorWiring(HealthWiring health, OutcomeBus outcomes, ProxyEventHub proxyEvents, HealthgateConfig config,
                   List<String> clientKeys, Map<String, String> env, BooleanSupplier draining, Reloader reloader,
                   java.util.function.Supplier<Optional<io.healthgate.fleet.FleetView>> fleet) {
        metrics = new MetricsRecorder(health.engine(), Optional.of(health.breakers()));
        if (fleet.get().isPresent()) {
            metrics.fleet(fleet);
        }
        if (health.storeStatus().isPresent()) {
            metrics.store(health::storeStatus);
        }
        outcomes.subscribe(metrics);
        proxyEvents.subscribe(new ProxyEvents() {
            @Override
            public void onFailover(OfferId from, OfferId to, OutcomeClass outcome) {
                metrics.failover(from, outcome);
            }

            @Override
            public void onFailOpen(String model) {
                metrics.planFailOpen();
            }

            @Override
            public void onHedge(OfferId first, OfferId second) {
                metrics.hedge(first);
            }

            @Override
            public void onMalformedEventSkipped(OfferId offer) {
                metrics.malformedEventSkipped(offer);
            }

            @Override
            public void onModelFallback(String model, String fallback, OutcomeClass outcome) {
                metrics.modelFallback(model, fallback, outcome);
            }

            @Override
            public void onStreamRescue(OfferId from, OfferId to, String result) {
                metrics.streamRescue(from, result);
            }
        });
        OperatorSettings settings = OperatorSettings.from(config.auth().protectHealth(), clientKeys, config.auth().adminKeyEnv(), env);
        routes = new OperatorRoutes(new OperatorServices(health.engine(), Optional.of(health.breakers()), health.routingSwitch(),
                health.probing() ? Optional.of(health.probeScheduler()) : Optional.empty(), health.store(), metrics,
                reloader, settings, draining, health::storeProblem, () -> cachedKeyHints(health.engine().catalog(), env),
                health.slaTracking(), fleet, health::storeStatus));
    }

    /** The hints of the last catalog asked about: the environment is read once, so they change only with a reload. */
    private final java.util.concurrent.atomic.AtomicReference<Map.Entry<io.healthgate.catalog.Catalog, Map<String, String>>> hints =
            new java.util.concurrent.atomic.AtomicReference<>();

    private Map<String, String> cachedKeyHints(io.healthgate.catalog.Catalog catalog, Map<String, String> env) {
        var last = hints.get();
        if (last != null && last.getKey() == catalog) {
            return last.getValue();
        }
        Map<String, String> h = keyHints(catalog, env);
        hints.set(Map.entry(catalog, h));
        return h;
    }

    /** The key audit's hints per gateway (no verification: nothing is sent anywhere). */
    static Map<String, String> keyHints(io.healthgate.catalog.Catalog catalog, Map<String, String> env) {
        Map<String, String> out = new java.util.HashMap<>();
        for (var row : io.healthgate.audit.KeyAudit.run(catalog, env, Optional.empty()).rows()) {
            row.hint().ifPresent(h -> out.put(row.gateway(), h));
        }
        return out;
    }

    OperatorRoutes routes() {
        return routes;
    }

    MetricsRecorder metrics() {
        return metrics;
    }

    @Override
    public void close() {
        metrics.close();
    }
}
