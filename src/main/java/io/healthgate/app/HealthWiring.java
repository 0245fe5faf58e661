package io.healthgate.app;

import io.healthgate.api.MetricsRecorder;
import io.healthgate.api.OperatorRoutes;
import io.healthgate.api.OperatorServices;
import io.healthgate.api.OperatorSettings;
import io.healthgate.api.Reloader;
import io.healthgate.catalog.Catalog;
import io.healthgate.health.HealthEngine;
import io.healthgate.health.HealthSettings;
import io.healthgate.health.HealthStore;
import io.healthgate.health.HealthWriter;
import io.healthgate.health.OutcomeBus;
import io.healthgate.health.ProbeRunner;
import io.healthgate.health.ProbeScheduler;
import io.healthgate.health.Prober;
import io.healthgate.routing.BreakerRegistry;
import io.healthgate.routing.BreakerSettings;
import io.healthgate.routing.BreakerState;
import io.healthgate.routing.RoutingSwitch;
import io.healthgate.store.JdbcHealthStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Wires health for one process: the engine, routing's breakers (fed from the outcome bus, telling
 * the engine which circuits are open), the routing switch, metrics, and optionally the store
 * (history, restore at start, write-behind) and active probes; and builds the operator routes
 * over them. Its threads are its own: one scheduler for snapshot rebuilds and probe batches, one
 * for the store's blocking writes.
 */
public final class HealthWiring implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HealthWiring.class);

    /**
     * What to turn on.
     *
     * @param storeUrl a JDBC URL for the health store (SQLite or PostgreSQL), empty for memory only
     * @param probes true to send active probes (off by default so tests against fake upstreams see
     *     only the requests they send)
     * @param adminKeyEnv the env var holding the admin key ({@code auth.admin_key_env}); unset disables admin
     * @param reloader what {@code POST /admin/reload} runs
     */
    public record Options(Optional<String> storeUrl, boolean probes, String adminKeyEnv, Reloader reloader) {
        public Options {
            storeUrl = storeUrl == null ? Optional.empty() : storeUrl.filter(u -> !u.isBlank());
            adminKeyEnv = adminKeyEnv == null || adminKeyEnv.isBlank() ? OperatorSettings.DEFAULT_ADMIN_KEY_ENV : adminKeyEnv;
            reloader = reloader == null ? Reloader.UNSUPPORTED : reloader;
        }

        /** In memory, no probes, admin key from HEALTHGATE_ADMIN_KEY, no reload. */
        public static Options defaults() {
            return new Options(Optional.empty(), false, OperatorSettings.DEFAULT_ADMIN_KEY_ENV, Reloader.UNSUPPORTED);
        }

        public Options withStore(String jdbcUrl) {
            return new Options(Optional.ofNullable(jdbcUrl), probes, adminKeyEnv, reloader);
        }

        public Options withProbes(boolean on) {
            return new Options(storeUrl, on, adminKeyEnv, reloader);
        }

        public Options withAdminKeyEnv(String env) {
            return new Options(storeUrl, probes, env, reloader);
        }

        public Options withReloader(Reloader r) {
            return new Options(storeUrl, probes, adminKeyEnv, r);
        }
    }

    private final Options options;
    private final HealthEngine engine;
    private final BreakerRegistry breakers;
    private final RoutingSwitch routing;
    private final ProbeScheduler probes;
    private final MetricsRecorder metrics;
    private final Optional<HealthStore> store;
    private final ScheduledExecutorService scheduler;
    private final Optional<ScheduledExecutorService> storeExecutor;
    private final Optional<HealthWriter> writer;
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();

    private HealthWiring(Options options, Catalog catalog, Set<String> configuredGateways, OutcomeBus outcomes, Prober prober, Clock clock) {
        this.options = Objects.requireNonNull(options, "options");
        engine = new HealthEngine(catalog, configuredGateways, HealthSettings.defaults(), clock);
        breakers = new BreakerRegistry(BreakerSettings.DEFAULTS, clock);
        engine.circuitView(offer -> breakers.state(offer, clock.instant()) == BreakerState.OPEN);
        routing = RoutingSwitch.healthAware(true);
        probes = new ProbeScheduler(engine);
        metrics = new MetricsRecorder(engine, Optional.of(breakers));
        scheduler = Executors.newScheduledThreadPool(1, Thread.ofPlatform().daemon().name("healthgate-health-", 0).factory());
        store = options.storeUrl().map(JdbcHealthStore::open);
        storeExecutor = store.map(s -> Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("healthgate-store").factory()));
        writer = store.map(s -> new HealthWriter(engine, s, storeExecutor.orElseThrow()));
        outcomes.subscribe(engine).subscribe(breakers).subscribe(metrics);
        writer.ifPresent(w -> {
            w.restore();
            outcomes.subscribe(w);
            w.start();
        });
        tasks.add(engine.start(scheduler));
        if (options.probes()) {
            tasks.add(new ProbeRunner(probes, prober, outcomes, engine).start(scheduler));
        }
        log.info("health wired: store {}, probes {}", store.isPresent() ? "on" : "off (memory only)", options.probes() ? "on" : "off");
    }

    /** Builds the engine and friends, subscribes them to the outcome bus and starts their schedules. */
    public static HealthWiring start(Options options, Catalog catalog, Set<String> configuredGateways, OutcomeBus outcomes,
                                     Prober prober, Clock clock) {
        return new HealthWiring(options, catalog, configuredGateways, outcomes, prober, clock);
    }

    /** The operator endpoints over these parts; {@code draining} turns readiness to 503. */
    public OperatorRoutes routes(OperatorSettings operator, BooleanSupplier draining) {
        return new OperatorRoutes(new OperatorServices(engine, Optional.of(breakers), routing,
                options.probes() ? Optional.of(probes) : Optional.empty(), store, metrics, options.reloader(), operator, draining));
    }

    public Options options() {
        return options;
    }

    public HealthEngine engine() {
        return engine;
    }

    public BreakerRegistry breakers() {
        return breakers;
    }

    public RoutingSwitch routing() {
        return routing;
    }

    public MetricsRecorder metrics() {
        return metrics;
    }

    /** Stops the schedules, makes the last store write, closes the store. */
    @Override
    public void close() {
        tasks.forEach(t -> t.cancel(false));
        scheduler.shutdownNow();
        writer.ifPresent(HealthWriter::close);
        storeExecutor.ifPresent(ScheduledExecutorService::shutdownNow);
        store.ifPresent(HealthStore::close);
        metrics.close();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
