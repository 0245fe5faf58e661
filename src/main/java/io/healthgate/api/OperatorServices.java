package io.healthgate.api;

import io.healthgate.fleet.FleetView;
import io.healthgate.health.HealthEngine;
import io.healthgate.health.HealthStore;
import io.healthgate.health.ProbeScheduler;
import io.healthgate.routing.BreakerRegistry;
import io.healthgate.routing.RoutingSwitch;
import io.healthgate.sla.SlaTracking;

import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the operator endpoints read and act on; the composition root builds one.
 *
 * @param breakers routing's circuit breakers, when routing runs them
 * @param probes the probe scheduler ("probe now"), when probing runs
 * @param store the health store (history, uptime, readiness), when one is configured
 * @param draining true once the process is shutting down (readiness turns 503)
 * @param storeProblem empty when the store is fine or not used; else what is wrong (a store that
 *     could not be opened leaves {@code store} empty and says why here)
 * @param keyHints per gateway, the key audit's hint (e.g. a similarly named variable is set)
 * @param sla SLA reports and success figures over the stored history, when a store keeps it
 * @param fleet the fleet as this instance sees it, when several instances share Redis; empty alone
 * @param storeStatus the store's write-behind (up, buffered, dropped), read from memory; empty without a store
 */
public record OperatorServices(
        HealthEngine engine,
        Optional<BreakerRegistry> breakers,
        RoutingSwitch routing,
        Optional<ProbeScheduler> probes,
        Optional<HealthStore> store,
        MetricsRecorder metrics,
        Reloader reloader,
        OperatorSettings settings,
        BooleanSupplier draining,
        Supplier<String> storeProblem,
        Supplier<java.util.Map<String, String>> keyHints,
        Optional<SlaTracking> sla,
        Supplier<Optional<FleetView>> fleet,
        Supplier<Optional<io.healthgate.health.StoreStatus>> storeStatus) {

    public OperatorServices {
        Objects.requireNonNull(engine, "engine");
        breakers = breakers == null ? Optional.empty() : breakers;
        Objects.requireNonNull(routing, "routing");
        probes = probes == null ? Optional.empty() : probes;
        store = store == null ? Optional.empty() : store;
        Objects.requireNonNull(metrics, "metrics");
        reloader = reloader == null ? Reloader.UNSUPPORTED : reloader;
        settings = settings == null ? OperatorSettings.open() : settings;
        draining = draining == null ? () -> false : draining;
        storeProblem = storeProblem == null ? () -> "" : storeProblem;
        keyHints = keyHints == null ? java.util.Map::of : keyHints;
        sla = sla == null ? Optional.empty() : sla;
        fleet = fleet == null ? Optional::empty : fleet;
        storeStatus = storeStatus == null ? Optional::empty : storeStatus;
    }

    /** As the canonical constructor, with no store status (a store that is not the process's own). */
    public OperatorServices(HealthEngine engine, Optional<BreakerRegistry> breakers, RoutingSwitch routing,
                            Optional<ProbeScheduler> probes, Optional<HealthStore> store, MetricsRecorder metrics,
                            Reloader reloader, OperatorSettings settings, BooleanSupplier draining, Supplier<String> storeProblem,
                            Supplier<java.util.Map<String, String>> keyHints, Optional<SlaTracking> sla,
                            Supplier<Optional<FleetView>> fleet) {
        this(engine, breakers, routing, probes, store, metrics, reloader, settings, draining, storeProblem, keyHints, sla, fleet, null);
    }

    /** Without SLA reports and without a fleet (one instance). */
    public OperatorServices(HealthEngine engine, Optional<BreakerRegistry> breakers, RoutingSwitch routing,
                            Optional<ProbeScheduler> probes, Optional<HealthStore> store, MetricsRecorder metrics,
                            Reloader reloader, OperatorSettings settings, BooleanSupplier draining, Supplier<String> storeProblem,
                            Supplier<java.util.Map<String, String>> keyHints) {
        this(engine, breakers, routing, probes, store, metrics, reloader, settings, draining, storeProblem, keyHints, null, null);
    }

    /** Without key-audit hints. */
    public OperatorServices(HealthEngine engine, Optional<BreakerRegistry> breakers, RoutingSwitch routing,
                            Optional<ProbeScheduler> probes, Optional<HealthStore> store, MetricsRecorder metrics,
                            Reloader reloader, OperatorSettings settings, BooleanSupplier draining, Supplier<String> storeProblem) {
        this(engine, breakers, routing, probes, store, metrics, reloader, settings, draining, storeProblem, null, null, null);
    }

    /** The same services answering SLA reports and success figures from the stored history. */
    public OperatorServices withSla(SlaTracking tracking) {
        return new OperatorServices(engine, breakers, routing, probes, store, metrics, reloader, settings, draining, storeProblem,
                keyHints, Optional.of(tracking), fleet, storeStatus);
    }

    HealthViews.Inputs inputs() {
        return HealthViews.Inputs.of(engine, breakers, routing).withKeyHints(keyHints.get()).withFleet(fleet.get());
    }
}
