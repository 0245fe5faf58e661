package io.healthgate.app;

import io.healthgate.alerting.AlertDispatcher;
import io.healthgate.alerting.AlertEvaluator;
import io.healthgate.alerting.AlertHistory;
import io.healthgate.alerting.AlertSinks;
import io.healthgate.alerting.Alerting;
import io.healthgate.alerting.DeliveryScheduler;
import io.healthgate.alerting.InMemoryAlertHistory;
import io.healthgate.alerting.RetryPolicy;
import io.healthgate.alerting.SnapshotFacts;
import io.healthgate.catalog.Catalog;
import io.healthgate.cleanup.Cleanup;
import io.healthgate.cleanup.CleanupScheduler;
import io.healthgate.cleanup.CleanupSettings;
import io.healthgate.config.HealthgateConfig;
import io.healthgate.health.CanaryRunner;
import io.healthgate.health.CanaryScheduler;
import io.healthgate.health.GatewayCheck;
import io.healthgate.health.HealthEngine;
import io.healthgate.health.HealthStore;
import io.healthgate.health.HealthWriter;
import io.healthgate.health.OutcomeBus;
import io.healthgate.health.ProbeRunner;
import io.healthgate.health.ProbeScheduler;
import io.healthgate.health.Prober;
import io.healthgate.routing.BreakerRegistry;
import io.healthgate.routing.BreakerState;
import io.healthgate.routing.HealthSignals;
import io.healthgate.routing.RecoveryTrials;
import io.healthgate.routing.RoutingSwitch;
import io.healthgate.routing.SnapshotSignals;
import io.healthgate.store.Database;
import io.healthgate.store.JdbcAlertHistory;
import io.healthgate.store.JdbcCleanupRepository;
import io.healthgate.store.JdbcHealthStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Wires the health side of the process: engine, breakers, routing switch, the store and its
 * writer, probes, alerting and the cleanup schedule. Part of the composition root; blocking work
 * (JDBC, alert delivery) runs on its own threads, never on an event loop.
 */
final class HealthWiring implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HealthWiring.class);
    static final Duration ALERT_EVALUATION_INTERVAL = Duration.ofSeconds(30);

    /** Which optional parts run. The minimal process (tests of the front doors) runs none. */
    record Features(boolean persist, boolean probe, boolean alert) {
        static final Features NONE = new Features(false, false, false);
        static final Features ALL = new Features(true, true, true);
    }

    private final HealthgateConfig config;
    private final Map<String, String> env;
    private final Clock clock;
    private final Features features;
    private final HealthEngine engine;
    private final BreakerRegistry breakers;
    private final RoutingSwitch routingSwitch;
    private final ProbeScheduler probeScheduler;
    private final RecoveryTrials recoveryTrials;
    private final CanaryScheduler canaryScheduler;
    private final ScheduledExecutorService timers;
    /** JDBC work (write-behind, cleanup) on its own thread, so a hung database never stalls snapshots or probes. */
    private final ScheduledExecutorService storeThread;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private Database database;
    /** Connects the store, at start and, when it is unreachable then, with backoff until it answers. */
    private io.healthgate.health.StoreLink storeLink;
    private HealthStore store;
    private HealthWriter writer;
    private io.healthgate.sla.OutcomeHistory outcomeHistory;
    private io.healthgate.sla.HistoryRecorder recorder;
    private Alerting alerting;
    private String storeProblem = "";

    HealthWiring(HealthgateConfig config, Catalog catalog, Set<String> configuredGateways, Map<String, String> env,
                 Clock clock, Features features) {
        this(config, catalog, configuredGateways, env, clock, features, Optional.empty());
    }

    /**
     * @param timers where the snapshot refresh, probes, canaries and alert evaluation are scheduled;
     *     empty: two threads of its own. Tests on a fake clock pass a scheduler they run by hand, so
     *     the schedules follow the clock they move instead of real time.
     */
    HealthWiring(HealthgateConfig config, Catalog catalog, Set<String> configuredGateways, Map<String, String> env,
                 Clock clock, Features features, Optional<ScheduledExecutorService> timers) {
        this.config = config;
        this.env = Map.copyOf(env);
        this.clock = clock;
        this.features = features;
        this.breakers = new BreakerRegistry(config.routing().breaker(), clock);
        this.routingSwitch = RoutingSwitch.healthAware(config.routing().healthAware());
        this.recoveryTrials = new RecoveryTrials(config.routing().trialBackoff());
        this.engine = new HealthEngine(catalog, configuredGateways, config.monitoring().health(), clock)
                .circuitView(id -> breakers.state(id, clock.instant()) == BreakerState.OPEN);
        this.probeScheduler = new ProbeScheduler(engine);
        this.canaryScheduler = new CanaryScheduler(engine);
        this.timers = timers.orElseGet(() -> Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "healthgate-health");
            t.setDaemon(true);
            return t;
        }));
        this.storeThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "healthgate-store");
            t.setDaemon(true);
            return t;
        });
    }

    /** Opens the store (when persisting), restores status from it, and starts every schedule. */
    void start(Prober prober, OutcomeBus outcomes) {
        start(prober, GatewayCheck.NONE, outcomes);
    }

    /** As above; {@code check} is the canaries' free check (the models list). */
    void start(Prober prober, GatewayCheck check, OutcomeBus outcomes) {
        outcomes.subscribe(engine).subscribe(breakers).subscribe(recoveryTrials);
        // What the breaker knows, the views show with the next snapshot, not the next scheduled one.
        closeables.add(breakers.subscribe(t -> engine.evidenceChanged()));
        if (features.persist()) {
            openStore();
        }
        if (writer != null) {
            outcomes.subscribe(writer);
        }
        if (recorder != null) {
            outcomes.subscribe(recorder);
        }
        engine.rebuild();
        engine.start(timers);
        if (features.probe() && config.monitoring().enabled()) {
            new ProbeRunner(probeScheduler, prober, outcomes, engine).start(timers);
            new CanaryRunner(canaryScheduler, check, prober, outcomes, engine).start(timers);
        }
        if (features.alert()) {
            startAlerting();
            startCleanupSchedule();
        }
    }

    /**
     * Builds the store's side over a database that may not answer yet: the writers buffer from the
     * first outcome on, the first connection attempt runs here (so a reachable store is restored
     * before traffic), and an unreachable one is retried with backoff on the store thread. A URL
     * that cannot name a store at all leaves the process without one, and says why.
     */
    private void openStore() {
        io.healthgate.config.StorageConfig storage = config.storage();
        try {
            database = Database.unconnected(storage.url(), null, null);
        } catch (RuntimeException e) {
            storeProblem = "health store unavailable: " + e.getMessage();
            log.warn("{}; serving without persistence (status will not survive a restart)", storeProblem);
            return;
        }
        store = new JdbcHealthStore(database);
        writer = new HealthWriter(engine, store, storeThread, storage.replayBufferMax());
        outcomeHistory = new io.healthgate.store.JdbcOutcomeHistory(database);
        recorder = new io.healthgate.sla.HistoryRecorder(outcomeHistory, engine::catalog, clock, config.sla().retention(),
                storage.replayBufferMax());
        storeLink = new io.healthgate.health.StoreLink("health store (" + database + ")", database::connect, this::storeConnected,
                storage.reconnect(), (task, delay) -> storeThread.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS));
        if (!storeLink.start()) {
            log.warn("health store unreachable at start; serving with health in memory, buffering writes "
                    + "(at most {} entries per buffer) and reconnecting in the background", storage.replayBufferMax());
        }
        writer.start();
        recorder.start(storeThread, config.monitoring().health().flushInterval());
    }

    /** The store answered: restore what it holds. At start that is everything; later, only offers not seen since. */
    private void storeConnected() {
        boolean atStart = storeLink == null || storeLink.failedAttempts() == 0;
        int restored = atStart ? writer.restore() : writer.restoreLate();
        log.info("health store open ({}), {} offer rows restored{}", database.dialect(), restored,
                atStart ? "" : "; buffered writes go out with the next flush");
    }

    /** SLA reports and success figures over the stored history, when a store keeps it. */
    Optional<io.healthgate.sla.SlaTracking> slaTracking() {
        if (outcomeHistory == null || store == null) {
            return Optional.empty();
        }
        return Optional.of(new io.healthgate.sla.SlaTracking(new io.healthgate.sla.SlaCalculator(outcomeHistory, config.sla()),
                new io.healthgate.sla.SuccessMetrics(outcomeHistory, store)));
    }

    private void startAlerting() {
        AlertSinks.Built sinks = AlertSinks.create(config.alerting().sinks(), env::get);
        sinks.notes().forEach(n -> log.info("alerting: {}", n));
        // A store that was not there at start keeps alert history in memory for the process's life.
        AlertHistory history = storeIsConnected() ? new JdbcAlertHistory(database) : new InMemoryAlertHistory();
        AlertDispatcher dispatcher = new AlertDispatcher(sinks.sinks(), history, DeliveryScheduler.virtualThreads(),
                RetryPolicy.defaults(), AlertDispatcher.DEFAULT_QUEUE_CAPACITY);
        alerting = new Alerting(new AlertEvaluator(config.alerting().rules()), dispatcher, history, clock);
        closeables.add(alerting);
        SnapshotFacts facts = new SnapshotFacts();
        long ms = ALERT_EVALUATION_INTERVAL.toMillis();
        timers.scheduleWithFixedDelay(() -> {
            try {
                alerting.observe(facts.next(engine.snapshot()));
            } catch (RuntimeException e) {
                log.warn("alert evaluation failed: {}", e.toString());
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    private void startCleanupSchedule() {
        CleanupSettings settings = config.cleanup();
        if (!settings.scheduleEnabled() || !storeIsConnected()) {
            return;
        }
        CleanupScheduler scheduler = new CleanupScheduler(new Cleanup(new JdbcCleanupRepository(database), settings, clock),
                settings, engine::catalog, (task, delay) -> storeThread.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS));
        scheduler.start();
        closeables.add(scheduler);
    }

    /**
     * A reloaded catalog: the engine keeps the evidence of offers that remain and forgets the rest,
     * and publishes a snapshot at once so the health views list new offers (as unknown) from now on.
     * Probes, cleanup and the views read the engine's catalog, so they follow.
     */
    void updateCatalog(Catalog catalog, Set<String> configuredGateways) {
        engine.updateCatalog(catalog, configuredGateways);
        engine.rebuild();
    }

    /** Routing's view of health: the engine's latest snapshot, read lock-free. */
    HealthSignals healthSignals() {
        return new SnapshotSignals(engine::snapshot, clock);
    }

    HealthEngine engine() {
        return engine;
    }

    RecoveryTrials recoveryTrials() {
        return recoveryTrials;
    }

    BreakerRegistry breakers() {
        return breakers;
    }

    RoutingSwitch routingSwitch() {
        return routingSwitch;
    }

    ProbeScheduler probeScheduler() {
        return probeScheduler;
    }

    CanaryScheduler canaryScheduler() {
        return canaryScheduler;
    }

    /** True when active probes run (so "probe now" can work). */
    boolean probing() {
        return features.probe() && config.monitoring().enabled();
    }

    Optional<HealthStore> store() {
        return Optional.ofNullable(store);
    }

    Optional<Alerting> alerting() {
        return Optional.ofNullable(alerting);
    }

    private boolean storeIsConnected() {
        return storeLink != null && storeLink.connected();
    }

    /**
     * Empty when the store is fine or not used; else what is wrong, for readiness. From memory
     * only (readiness calls it on an event loop): the link's state and the writer's last result.
     */
    String storeProblem() {
        if (storeLink == null) {
            return storeProblem;
        }
        if (!storeLink.connected()) {
            return "health store unavailable: " + storeLink.lastError() + " (reconnecting in the background, "
                    + storeLink.failedAttempts() + " failed attempts)" + dropped();
        }
        if (writer.failureStreak() > 0) {
            return "health store not reachable" + dropped();
        }
        return "";
    }

    /** The store's write-behind as readiness and metrics show it; empty without a store. */
    Optional<io.healthgate.health.StoreStatus> storeStatus() {
        if (storeLink == null) {
            return Optional.empty();
        }
        return Optional.of(new io.healthgate.health.StoreStatus(storeLink.connected() && writer.failureStreak() == 0,
                (long) writer.pendingOffers() + recorder.pendingBuckets(), writer.droppedUpdates() + recorder.lostBuckets()));
    }

    /** What was lost while the store was down: history rows, and counts that did not fit the buffers. */
    private String dropped() {
        long rows = writer.snapshotRowsDropped();
        long counts = writer.droppedUpdates() + recorder.lostBuckets();
        String s = rows == 0 ? "" : " (" + rows + " history snapshot rows dropped while it was down; offer counters are kept)";
        return counts == 0 ? s : s + " (" + counts + " outcome updates dropped: the buffers were full, storage.replay_buffer_max)";
    }

    @Override
    public void close() {
        if (storeLink != null) {
            storeLink.close();
        }
        timers.shutdown();
        storeThread.shutdown();
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("close failed: {}", e.toString());
            }
        }
        if (writer != null) {
            writer.close();
        }
        if (recorder != null) {
            recorder.close();
        }
        storeThread.shutdownNow();
        if (database != null) {
            database.close();
        }
        try {
            timers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
