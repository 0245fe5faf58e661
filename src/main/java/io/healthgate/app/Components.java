package io.healthgate.app;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthgate.api.ApiSettings;
import io.healthgate.api.HealthViews;
import io.healthgate.api.HttpApi;
import io.healthgate.api.Reloader;
import io.healthgate.catalog.Gateway;
import io.healthgate.config.HealthgateConfig;
import io.healthgate.config.RedisConfig;
import io.healthgate.fleet.FleetView;
import io.healthgate.health.OutcomeBus;
import io.healthgate.providers.http.UpstreamClient;
import io.healthgate.proxy.AttemptPlanner;
import io.healthgate.proxy.ChatProxy;
import io.healthgate.proxy.HttpProber;
import io.healthgate.proxy.ProxyEventHub;
import io.healthgate.proxy.RoutingAttemptPlanner;
import io.healthgate.routing.HealthSignals;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The process's components, built once, top to bottom, by {@link #build}: the one place that
 * names concrete classes and passes the clock, executors and stores down. Nothing here is swapped
 * after it is built. What a step opens is closed again, in reverse order, by {@link #close()}; a
 * step that fails closes what the steps before it opened and says which step it was.
 *
 * @param vertx the one Vert.x instance (event loops for the front doors and the upstream client)
 * @param health engine, breakers, routing switch, store, probes, alerting, cleanup
 * @param fleet this instance's part in a fleet on Redis ({@code redis.url} set); empty alone
 * @param prober active probes over the same upstream client as live traffic
 * @param api the HTTP front (front doors, operator routes mounted)
 * @param operator health views, dashboard, metrics, admin
 */
record Components(Vertx vertx, UpstreamClient client, HealthWiring health, Optional<FleetWiring> fleet, HttpProber prober,
                  HttpApi api, OperatorWiring operator, Deque<AutoCloseable> opened) implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Components.class);

    /**
     * What the graph is built from.
     *
     * @param fleet the Redis settings when this instance is one of a fleet (else empty)
     * @param baseUrl where this instance serves once listening (the fleet's operator view shows it)
     * @param routingView how routing reads health; the identity gives it the engine's snapshot
     *     ({@link io.healthgate.routing.SnapshotSignals}); another view may wrap it (a shared fleet view,
     *     or one that fails, to see routing fail open)
     * @param healthTimers where the health schedules run (see {@link HealthWiring}); empty: their own threads
     */
    record Inputs(HealthgateConfig config, Healthgate.Settings settings, HealthWiring.Features features, ServedCatalog served,
                  Map<String, String> env, Clock clock, OutcomeBus outcomes, ProxyEventHub proxyEvents,
                  Optional<Supplier<HealthgateConfig>> reloadSource, UnaryOperator<HealthSignals> routingView,
                  List<String> clientKeys, Optional<RedisConfig> fleet, Supplier<String> baseUrl,
                  Optional<java.util.concurrent.ScheduledExecutorService> healthTimers) {
    }

    /** Thrown when a step of {@link #build} fails; everything opened before it is closed already. */
    static final class StartFailed extends IllegalStateException {
        StartFailed(String step, RuntimeException cause) {
            super(step + ": " + cause.getMessage(), cause);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /**
     * The system property that tightens Vert.x's blocked-thread checker: an event-loop task running
     * longer than this many milliseconds is logged by {@code BlockedThreadChecker} as a warning.
     * The test run sets it (pom.xml, surefire) and fails a test class on any such warning; in
     * production Vert.x's defaults (2 s) stand.
     */
    static final String BLOCKED_THREAD_CHECK_MS = "healthgate.blockedThreadCheckMs";

    static VertxOptions blockedThreadCheck(VertxOptions options) {
        String ms = System.getProperty(BLOCKED_THREAD_CHECK_MS, "").strip();
        if (ms.isEmpty()) {
            return options;
        }
        long limit = Long.parseLong(ms);
        // Checked every quarter of the limit, so a block is reported soon after it passes the limit,
        // with the blocked thread's stack at once (it says which call blocked).
        return options.setMaxEventLoopExecuteTime(limit).setMaxEventLoopExecuteTimeUnit(java.util.concurrent.TimeUnit.MILLISECONDS)
                .setWarningExceptionTime(limit).setWarningExceptionTimeUnit(java.util.concurrent.TimeUnit.MILLISECONDS)
                .setBlockedThreadCheckInterval(Math.max(10, limit / 4))
                .setBlockedThreadCheckIntervalUnit(java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    static Components build(Inputs in, int instances) {
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            Vertx vertx = step("vert.x", opened, () -> Vertx.vertx(blockedThreadCheck(new VertxOptions().setEventLoopPoolSize(Math.max(2, instances)))),
                    v -> () -> v.close().await());
            UpstreamClient client = step("upstream client", opened, () -> new UpstreamClient(vertx, in.settings().upstream()),
                    c -> c::close);
            HealthWiring health = step("health engine", opened, () -> new HealthWiring(in.config(), in.served().get(),
                    in.served().view().configured(), in.env(), in.clock(), in.features(), in.healthTimers()), h -> h);
            // Before the probes start: an instance of a fleet probes only the offers it leases.
            Optional<FleetWiring> fleet = in.fleet().isEmpty() ? Optional.empty() : Optional.of(step("fleet (redis)", opened,
                    () -> new FleetWiring(in.fleet().get(), health.engine(), health.breakers(), health.probeScheduler(), in.outcomes(),
                            in.clock(), in.baseUrl(), view -> HealthViews.shared(HealthViews.Inputs.of(health.engine(),
                            Optional.of(health.breakers()), health.routingSwitch()).withFleet(view))).start(), f -> f));
            Supplier<Optional<FleetView>> fleetView = () -> fleet.flatMap(FleetWiring::view);
            AttemptPlanner planner = step("routing planner", opened, () -> RoutingAttemptPlanner.create(in.served(),
                    in.served()::hasKey, in.routingView().apply(health.healthSignals()), health.breakers(), health.routingSwitch(),
                    in.settings().proxy(), m -> m.offers().stream().findFirst().map(o -> health.engine().tierOf(o.id())),
                    in.clock(), health.recoveryTrials()), p -> () -> { });
            ChatProxy proxy = new ChatProxy(in.served(), in.env(), client, planner, in.outcomes(), in.settings().proxy(),
                    in.clock(), JSON, in.proxyEvents());
            HttpProber prober = new HttpProber(in.served(), in.env(), client, in.clock(), JSON);
            step("health schedules (store, probes, alerting, cleanup)", opened, () -> {
                health.start(prober, new ModelsListCheck(new io.healthgate.providers.ModelsListKeyVerifier(vertx), in.env()), in.outcomes());
                return health;
            }, h -> () -> { });
            Predicate<Gateway> configured = g -> ChatProxy.configured(g, in.env());
            HttpApi api = step("http front", opened, () -> new HttpApi(in.served(), proxy,
                    new ApiSettings(in.settings().maxBodyBytes(), in.clientKeys(), in.settings().protectHealth()), configured, JSON),
                    a -> () -> { });
            Reloader reloader = in.reloadSource().<Reloader>map(source -> new ConfigReloader(source, in.env(), in.config(),
                    in.served(), v -> health.updateCatalog(v.catalog(), v.configured()))).orElse(Healthgate.NOT_RELOADABLE);
            OperatorWiring operator = step("operator views", opened, () -> new OperatorWiring(health, in.outcomes(),
                    in.proxyEvents(), in.config(), in.clientKeys(), in.env(), api::draining, reloader, fleetView), o -> o);
            api.withRoutes(operator.routes()::mount).withCors(in.config().server().corsAllowedOrigins());
            return new Components(vertx, client, health, fleet, prober, api, operator, opened);
        } catch (RuntimeException e) {
            closeAll(opened);
            throw e instanceof StartFailed f ? f : new StartFailed("wiring", e);
        }
    }

    private static <T> T step(String what, Deque<AutoCloseable> opened, Supplier<T> make,
                              java.util.function.Function<T, AutoCloseable> closer) {
        T made;
        try {
            made = make.get();
        } catch (RuntimeException e) {
            throw new StartFailed(what, e);
        }
        opened.push(closer.apply(made));
        return made;
    }

    private static void closeAll(Deque<AutoCloseable> opened) {
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                log.warn("close failed: {}", e.toString());
            }
        }
    }

    /** Closes everything in reverse order of opening: operator views, health (store, schedules), the client, Vert.x. */
    @Override
    public void close() {
        closeAll(opened);
    }
}
