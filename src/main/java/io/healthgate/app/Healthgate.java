package io.healthgate.app;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthgate.api.ApiSettings;
import io.healthgate.api.HttpApi;
import io.healthgate.api.Reloader;
import io.healthgate.api.ServerVerticle;
import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.config.CatalogFactory;
import io.healthgate.config.ConfigLoader;
import io.healthgate.config.HealthgateConfig;
import io.healthgate.config.RoutingConfig;
import io.healthgate.config.ServerConfig;
import io.healthgate.health.OutcomeBus;
import io.healthgate.health.Prober;
import io.healthgate.providers.http.UpstreamClient;
import io.healthgate.proxy.AttemptPlanner;
import io.healthgate.proxy.ChatProxy;
import io.healthgate.proxy.HttpProber;
import io.healthgate.proxy.ProxyEventHub;
import io.healthgate.proxy.RoutingAttemptPlanner;
import io.healthgate.routing.HealthSignals;
import io.healthgate.proxy.ProxySettings;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The composition root: the one place that names concrete classes. Builds the outcome bus, the
 * upstream client, the proxy and the HTTP front from settings, a catalog and an environment map
 * (injected, so tests pass their own), and runs them on one Vert.x instance.
 * <p>
 * The catalog is held in one {@link ServedCatalog} that every component reads per request; with a
 * reload source ({@link #fromConfigFile} sets one, {@link #reloadFrom} names any other)
 * {@code POST /admin/reload} swaps in the catalog of the re-read configuration without a restart.
 *
 * <pre>
 * try (Healthgate hg = Healthgate.create(settings, catalog, env, Clock.systemUTC()).start()) {
 *     int port = hg.port();
 * }
 * </pre>
 */
public final class Healthgate implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Healthgate.class);

    private final Settings settings;
    private final HealthgateConfig config;
    private final HealthWiring.Features features;
    private final ServedCatalog served;
    private final Map<String, String> env;
    private final Clock clock;
    private final OutcomeBus outcomes = new OutcomeBus();
    private final ProxyEventHub proxyEvents = new ProxyEventHub();
    private java.util.function.UnaryOperator<HealthSignals> signalsForTest = java.util.function.UnaryOperator.identity();
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private final List<String> deployments = new ArrayList<>();
    private Optional<Supplier<HealthgateConfig>> reloadSource = Optional.empty();
    private Vertx vertx;
    private UpstreamClient client;
    private HttpApi api;
    private HttpProber prober;
    private HealthWiring health;
    private OperatorWiring operator;
    private FleetWiring fleet;
    private Optional<FleetWiring.Settings> fleetSettings = Optional.empty();
    private int port = -1;
    private String host;

    /**
     * Settings of the process, every default in one place.
     *
     * @param host where to listen; empty means 127.0.0.1 when no client key is configured, else 0.0.0.0
     * @param port 0 picks a free port
     * @param clientKeysEnv the variable holding comma-separated client keys
     * @param instances server verticles; 0 means one per core
     */
    public record Settings(
            Optional<String> host,
            int port,
            long maxBodyBytes,
            Duration shutdownGrace,
            String clientKeysEnv,
            boolean protectHealth,
            ProxySettings proxy,
            UpstreamClient.Options upstream,
            int instances) {

        public static final int DEFAULT_PORT = 8080;
        public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);
        public static final String DEFAULT_CLIENT_KEYS_ENV = "HEALTHGATE_CLIENT_KEYS";

        public Settings {
            host = host == null ? Optional.empty() : host.filter(h -> !h.isBlank());
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            Objects.requireNonNull(shutdownGrace, "shutdownGrace");
            clientKeysEnv = clientKeysEnv == null ? "" : clientKeysEnv;
            Objects.requireNonNull(proxy, "proxy");
            Objects.requireNonNull(upstream, "upstream");
            if (instances < 0) {
                throw new IllegalArgumentException("instances must be >= 0, got " + instances);
            }
        }

        public static Settings defaults() {
            return new Settings(Optional.empty(), DEFAULT_PORT, ApiSettings.DEFAULT_MAX_BODY_BYTES, DEFAULT_SHUTDOWN_GRACE,
                    DEFAULT_CLIENT_KEYS_ENV, false, ProxySettings.defaults(), UpstreamClient.Options.defaults(), 0);
        }

        /**
         * Settings from a loaded configuration. Routing applies the first-token timeouts per model
         * (its tier's); the plain first-byte limit, for anything not planned that way, is the most
         * lenient of them.
         */
        public static Settings from(HealthgateConfig config) {
            ServerConfig server = config.server();
            RoutingConfig routing = config.routing();
            Duration firstByte = java.util.Arrays.stream(io.healthgate.catalog.Tier.values())
                    .map(routing::firstTokenTimeout).max(Duration::compareTo).orElse(ProxySettings.DEFAULT_FIRST_BYTE_TIMEOUT);
            ProxySettings proxy = ProxySettings.defaults().withMaxAttempts(routing.maxAttempts())
                    .withTimeouts(routing.totalDeadline(), firstByte, ProxySettings.DEFAULT_IDLE_TIMEOUT)
                    .withFirstTokenDeadlines(firstTokenDeadlines(routing)).withHedging(hedging(routing))
                    .withRankBy(routing.rankBy().stream().map(k -> io.healthgate.routing.RankKey.fromWireName(k.wireName())).toList());
            return new Settings(Optional.of(server.host()), server.port(), server.maxBodyBytes(), server.shutdownGrace(),
                    config.auth().clientKeysEnv(), config.auth().protectHealth(), proxy, UpstreamClient.Options.defaults(), 0);
        }

        static io.healthgate.routing.FirstTokenDeadlines firstTokenDeadlines(RoutingConfig routing) {
            java.util.Map<io.healthgate.catalog.Tier, Duration> byTier = new java.util.EnumMap<>(io.healthgate.catalog.Tier.class);
            for (io.healthgate.catalog.Tier t : io.healthgate.catalog.Tier.values()) {
                byTier.put(t, routing.firstTokenTimeout(t));
            }
            return new io.healthgate.routing.FirstTokenDeadlines(byTier, Map.of());
        }

        /** {@code routing.hedging}: global on/off; {@code min_delay_ms} is the floor under the first offer's p95. */
        static io.healthgate.routing.HedgePolicy hedging(RoutingConfig routing) {
            Duration floor = Duration.ofMillis(Math.max(1, routing.hedging().minDelayMs()));
            Duration cap = floor.compareTo(io.healthgate.routing.HedgePolicy.DEFAULT_CAP) > 0 ? floor : io.healthgate.routing.HedgePolicy.DEFAULT_CAP;
            return new io.healthgate.routing.HedgePolicy(routing.hedging().enabled(), Map.of(), floor, cap);
        }

        public Settings withPort(int p) {
            return new Settings(host, p, maxBodyBytes, shutdownGrace, clientKeysEnv, protectHealth, proxy, upstream, instances);
        }

        public Settings withHost(String h) {
            return new Settings(Optional.ofNullable(h), port, maxBodyBytes, shutdownGrace, clientKeysEnv, protectHealth, proxy, upstream, instances);
        }

        public Settings withProxy(ProxySettings p) {
            return new Settings(host, port, maxBodyBytes, shutdownGrace, clientKeysEnv, protectHealth, p, upstream, instances);
        }

        public Settings withMaxBodyBytes(long n) {
            return new Settings(host, port, n, shutdownGrace, clientKeysEnv, protectHealth, proxy, upstream, instances);
        }

        public Settings withShutdownGrace(Duration d) {
            return new Settings(host, port, maxBodyBytes, d, clientKeysEnv, protectHealth, proxy, upstream, instances);
        }

        public Settings withInstances(int n) {
            return new Settings(host, port, maxBodyBytes, shutdownGrace, clientKeysEnv, protectHealth, proxy, upstream, n);
        }
    }

    /** Reload in a process given its catalog directly (no configuration source to read again). */
    private static final Reloader NOT_RELOADABLE = () -> {
        throw new UnsupportedOperationException("reload is not available in this process: it was given its catalog directly, "
                + "not from a configuration file; restart it to apply changes");
    };

    private Healthgate(Settings settings, HealthgateConfig config, HealthWiring.Features features, Catalog catalog,
                       Map<String, String> env, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.config = Objects.requireNonNull(config, "config");
        this.features = Objects.requireNonNull(features, "features");
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.served = new ServedCatalog(Objects.requireNonNull(catalog, "catalog"), this.env);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The front doors with live-traffic health, breakers and routing, but no store, no probes and
     * no alerting: what tests of the request path want.
     */
    public static Healthgate create(Settings settings, Catalog catalog, Map<String, String> env, Clock clock) {
        return new Healthgate(settings, HealthgateConfig.defaults(), HealthWiring.Features.NONE, catalog, env, clock);
    }

    /**
     * The whole gateway on a given catalog: store, probes and alerting as the configuration says
     * (the demo runs this on the simulated fleet's catalog).
     */
    public static Healthgate create(HealthgateConfig config, Settings settings, Catalog catalog, Map<String, String> env, Clock clock) {
        return new Healthgate(settings, config, HealthWiring.Features.ALL, catalog, env, clock);
    }

    /** The gateway as a loaded configuration describes it (catalog built from the same config and env). */
    public static Healthgate fromConfig(HealthgateConfig config, Map<String, String> env, Clock clock) {
        return create(config, Settings.from(config), CatalogFactory.build(config, env), env, clock);
    }

    /**
     * The gateway as a configuration file describes it (built-in defaults when empty), reloadable:
     * {@code POST /admin/reload} reads the same file again with the same environment.
     *
     * @throws io.healthgate.config.ConfigException when the file is invalid, with every problem
     */
    public static Healthgate fromConfigFile(Optional<Path> file, Map<String, String> env, Clock clock) {
        Supplier<HealthgateConfig> source = () -> ConfigLoader.load(file, env);
        return fromConfig(source.get(), env, clock).reloadFrom(source);
    }

    /**
     * Where {@code POST /admin/reload} reads the configuration again (e.g. the file the process
     * was started with); its {@code gateways} and {@code models} become the catalog. Without one,
     * reload answers that a restart is needed. Call before {@link #start}.
     */
    public Healthgate reloadFrom(Supplier<HealthgateConfig> source) {
        this.reloadSource = Optional.of(Objects.requireNonNull(source, "source"));
        return this;
    }

    /** Starts listening; returns once the port is bound. */
    public Healthgate start() {
        List<String> keys = ApiSettings.parseKeys(settings.clientKeysEnv().isEmpty() ? null : env.get(settings.clientKeysEnv()));
        host = settings.host().orElse(keys.isEmpty() ? "127.0.0.1" : "0.0.0.0");
        int instances = settings.instances() > 0 ? settings.instances() : Math.max(1, Runtime.getRuntime().availableProcessors());

        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Math.max(2, instances)));
        client = new UpstreamClient(vertx, settings.upstream());
        Predicate<Gateway> configured = g -> ChatProxy.configured(g, env);
        health = new HealthWiring(config, served.get(), served.view().configured(), env, clock, features);
        fleetSettings().ifPresent(fs -> fleet = new FleetWiring(fs, health.engine(), health.breakers(), health.probeScheduler(),
                outcomes, clock, this::baseUrl, this::sharedViews).start());
        HealthSignals signals = signalsForTest.apply(health.healthSignals());
        AttemptPlanner planner = RoutingAttemptPlanner.create(served, served::hasKey,
                signals, health.breakers(), health.routingSwitch(), settings.proxy(),
                m -> m.offers().stream().findFirst().map(o -> health.engine().tierOf(o.id())), clock);
        ChatProxy proxy = new ChatProxy(served, env, client, planner, outcomes, settings.proxy(), clock, json, proxyEvents);
        prober = new HttpProber(served, env, client, clock, json);
        health.start(prober, outcomes);
        api = new HttpApi(served, proxy, new ApiSettings(settings.maxBodyBytes(), keys, settings.protectHealth()), configured, json);
        Reloader reloader = reloadSource.<Reloader>map(source -> new ConfigReloader(source, env, config, served,
                v -> health.updateCatalog(v.catalog(), v.configured()))).orElse(NOT_RELOADABLE);
        operator = new OperatorWiring(health, outcomes, proxyEvents, config, keys, env, api::draining, reloader, this::fleetView);
        api.withRoutes(operator.routes()::mount);

        try {
            // Port 0 would give each instance its own random port; a negative port is Vert.x's
            // "one shared random port" for all instances.
            int bindPort = settings.port() == 0 ? -1 : settings.port();
            List<ServerVerticle> servers = new java.util.concurrent.CopyOnWriteArrayList<>();
            deployments.add(vertx.deployVerticle(() -> {
                ServerVerticle v = new ServerVerticle(api, host, bindPort, settings.shutdownGrace());
                servers.add(v);
                return v;
            }, new DeploymentOptions().setInstances(instances)).await());
            port = servers.get(0).actualPort();
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException("could not listen on " + host + ":" + settings.port() + ": " + e.getMessage(), e);
        }
        log.info("healthgate listening on http://{}:{} ({} server instances, {} of {} gateways configured{})",
                host, port, instances, served.view().configured().size(), served.get().gateways().size(),
                reloadSource.isPresent() ? "; POST /admin/reload re-reads the configuration" : "");
        if (keys.isEmpty()) {
            log.warn("!!! NO CLIENT KEYS CONFIGURED: anyone who can reach {}:{} can use every gateway key. "
                    + "Set {} to a comma-separated list of client keys.", host, port,
                    settings.clientKeysEnv().isEmpty() ? "auth.client_keys_env" : settings.clientKeysEnv());
        }
        return this;
    }

    public int port() {
        return port;
    }

    /** Several instances on one Redis when {@code redis.url} is set (or a test set them); empty alone. */
    private Optional<FleetWiring.Settings> fleetSettings() {
        if (fleetSettings.isPresent()) {
            return fleetSettings;
        }
        return config.redis().enabled()
                ? Optional.of(new FleetWiring.Settings(config.redis().url(), "", "", io.healthgate.fleet.FleetSettings.DEFAULTS))
                : Optional.empty();
    }

    /** Tests only: run as one instance of a fleet with these settings (own key prefix, short leases); call before {@link #start}. */
    Healthgate fleetForTest(FleetWiring.Settings s) {
        this.fleetSettings = Optional.of(s);
        return this;
    }

    /** The fleet as this instance sees it; empty when it runs alone (no {@code redis.url}). */
    public Optional<io.healthgate.fleet.FleetView> fleetView() {
        FleetWiring f = fleet;
        return f == null ? Optional.empty() : f.view();
    }

    private Map<String, String> sharedViews() {
        return io.healthgate.api.HealthViews.shared(io.healthgate.api.HealthViews.Inputs.of(health.engine(),
                Optional.of(health.breakers()), health.routingSwitch()).withFleet(fleetView()));
    }

    /** The catalog served now (a reload swaps it whole). */
    public Catalog catalog() {
        return served.get();
    }

    public String host() {
        return host;
    }

    /** Where clients reach the gateway, e.g. {@code http://127.0.0.1:8080}. */
    public String baseUrl() {
        String h = "0.0.0.0".equals(host) ? "127.0.0.1" : host;
        return "http://" + h + ":" + port;
    }

    /** The operator's page, e.g. {@code http://127.0.0.1:8080/dashboard}. */
    public String dashboardUrl() {
        return baseUrl() + "/dashboard";
    }

    /** Every upstream call's outcome is published here; subscribe before traffic starts. */
    public OutcomeBus outcomes() {
        return outcomes;
    }

    /** What the proxy did with routing (failovers, fail-open plans, hedges, skipped candidates); metrics subscribe here. */
    public ProxyEventHub proxyEvents() {
        return proxyEvents;
    }

    /** Tests only: wraps the health signals routing reads (e.g. with one that throws); call before {@link #start}. */
    Healthgate healthSignalsForTest(java.util.function.UnaryOperator<HealthSignals> wrap) {
        this.signalsForTest = wrap;
        return this;
    }

    /** The health engine: live-traffic and probe evidence, and the immutable snapshot. */
    public io.healthgate.health.HealthEngine engine() {
        return health.engine();
    }

    /** Circuit breakers per offer, fed by every outcome. */
    public io.healthgate.routing.BreakerRegistry breakers() {
        return health.breakers();
    }

    /** The rollback lever: health-aware routing or plain ordered failover, switchable at runtime. */
    public io.healthgate.routing.RoutingSwitch routingSwitch() {
        return health.routingSwitch();
    }

    /** Routing's read-only view of the health snapshot. */
    public io.healthgate.routing.HealthSignals healthSignals() {
        return health.healthSignals();
    }

    /** Decides which offers to probe and when; {@code probeSoon} asks for one now. */
    public io.healthgate.health.ProbeScheduler probeScheduler() {
        return health.probeScheduler();
    }

    /** The health store, when one is configured and could be opened. */
    public Optional<io.healthgate.health.HealthStore> healthStore() {
        return health.store();
    }

    /** Alerting, when running with it. */
    public Optional<io.healthgate.alerting.Alerting> alerting() {
        return health.alerting();
    }

    /** Empty when storage is fine or unused; else what is wrong (readiness says it plainly). */
    public String storeProblem() {
        return health.storeProblem();
    }

    /** The configuration this process runs with. */
    public HealthgateConfig config() {
        return config;
    }

    /** Sends active probes over the same upstream client as live traffic. */
    public Prober prober() {
        return prober;
    }

    /**
     * Graceful stop: readiness turns 503, servers stop accepting and let in-flight requests finish
     * within the shutdown grace, then the upstream client and Vert.x close.
     */
    @Override
    public void close() {
        if (vertx == null) {
            return;
        }
        if (api != null) {
            api.startDraining();
        }
        // All server instances drain at once, so the grace period is spent once, not once per instance.
        List<io.vertx.core.Future<Void>> undeploys = deployments.stream().map(vertx::undeploy).toList();
        try {
            io.vertx.core.Future.join(undeploys).await();
        } catch (RuntimeException e) {
            log.warn("undeploy failed: {}", e.toString());
        }
        deployments.clear();
        if (fleet != null) {
            fleet.close();
        }
        if (health != null) {
            health.close();
        }
        if (operator != null) {
            operator.close();
        }
        if (client != null) {
            client.close();
        }
        try {
            vertx.close().await();
        } catch (RuntimeException e) {
            log.warn("vert.x close failed: {}", e.toString());
        }
        vertx = null;
    }
}
