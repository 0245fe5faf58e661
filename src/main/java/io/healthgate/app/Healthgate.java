package io.healthgate.app;

import io.healthgate.api.ApiSettings;
import io.healthgate.api.Reloader;
import io.healthgate.api.ServerVerticle;
import io.healthgate.catalog.Catalog;
import io.healthgate.config.AuthConfig;
import io.healthgate.config.CatalogFactory;
import io.healthgate.config.ConfigLoader;
import io.healthgate.config.HealthgateConfig;
import io.healthgate.config.RedisConfig;
import io.healthgate.config.ServerConfig;
import io.healthgate.health.OutcomeBus;
import io.healthgate.health.Prober;
import io.healthgate.providers.http.UpstreamClient;
import io.healthgate.proxy.ProxyEventHub;
import io.healthgate.proxy.ProxySettings;
import io.healthgate.routing.HealthSignals;
import io.vertx.core.DeploymentOptions;
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
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The running process: {@link #start} has {@link Components#build} make the graph of components
 * from settings, a catalog and an environment map (injected, so tests pass their own), then
 * deploys the HTTP servers; {@link #close} stops them and closes the graph. A failure inside start
 * closes everything start opened and throws one {@link IllegalStateException} saying which step
 * failed and why.
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
    private final List<String> deployments = new ArrayList<>();
    private Optional<Supplier<HealthgateConfig>> reloadSource = Optional.empty();
    private UnaryOperator<HealthSignals> routingView = UnaryOperator.identity();
    private Optional<java.util.concurrent.ScheduledExecutorService> healthTimers = Optional.empty();
    private Components parts;
    private Optional<RedisConfig> fleetOverride = Optional.empty();
    private final List<io.healthgate.providers.Secrets.Registration> secrets = new ArrayList<>();
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

        public Settings {
            host = host == null ? Optional.empty() : host.filter(h -> !h.isBlank());
            Objects.requireNonNull(shutdownGrace, "shutdownGrace");
            clientKeysEnv = clientKeysEnv == null ? "" : clientKeysEnv;
            Objects.requireNonNull(proxy, "proxy");
            Objects.requireNonNull(upstream, "upstream");
            if (instances < 0) {
                throw new IllegalArgumentException("instances must be >= 0, got " + instances);
            }
        }

        /** The defaults of {@code server:} and {@code auth:} ({@link ServerConfig}, {@link AuthConfig}); host empty. */
        public static Settings defaults() {
            return new Settings(Optional.empty(), ServerConfig.DEFAULT_PORT, ServerConfig.DEFAULT_MAX_BODY_BYTES,
                    Duration.ofSeconds(ServerConfig.DEFAULT_SHUTDOWN_GRACE_SECONDS), AuthConfig.DEFAULT_CLIENT_KEYS_ENV,
                    AuthConfig.DEFAULT_PROTECT_HEALTH, ProxySettings.defaults(), UpstreamClient.Options.defaults(), 0);
        }

        /** Settings from a loaded configuration: its {@code server:}, {@code auth:} and the journey of {@code routing:}. */
        public static Settings from(HealthgateConfig config) {
            ServerConfig server = config.server();
            return new Settings(Optional.of(server.host()), server.port(), server.maxBodyBytes(), server.shutdownGrace(),
                    config.auth().clientKeysEnv(), config.auth().protectHealth(), config.routing().journey(),
                    UpstreamClient.Options.defaults(), 0);
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
    static final Reloader NOT_RELOADABLE = () -> {
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

    /** The shipped defaults, loaded once (the minimal process needs them for every start). */
    private static final Supplier<HealthgateConfig> DEFAULTS = new Supplier<>() {
        private volatile HealthgateConfig loaded;

        @Override
        public HealthgateConfig get() {
            HealthgateConfig c = loaded;
            if (c == null) {
                c = HealthgateConfig.defaults();
                loaded = c;
            }
            return c;
        }
    };

    /**
     * The front doors with live-traffic health, breakers and routing, but no store, no probes and
     * no alerting: what tests of the request path want.
     */
    public static Healthgate create(Settings settings, Catalog catalog, Map<String, String> env, Clock clock) {
        return new Healthgate(settings, DEFAULTS.get(), HealthWiring.Features.NONE, catalog, env, clock);
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

    /**
     * How routing reads health: {@code view} gets the engine's snapshot view and returns the one
     * routing uses (by default that view itself). Call before {@link #start}.
     */
    public Healthgate routingSignals(UnaryOperator<HealthSignals> view) {
        this.routingView = Objects.requireNonNull(view, "view");
        return this;
    }

    /**
     * Runs the health schedules (snapshot refresh, probes, canaries, alert evaluation) on
     * {@code timers} instead of threads of their own: a test on a fake clock passes a scheduler it
     * runs by hand, so probes and canaries fall due on the time it moves. Call before {@link #start}.
     */
    Healthgate healthTimers(java.util.concurrent.ScheduledExecutorService timers) {
        this.healthTimers = Optional.of(Objects.requireNonNull(timers, "timers"));
        return this;
    }

    /** Starts listening; returns once the port is bound. */
    public Healthgate start() {
        List<String> keys = ApiSettings.parseKeys(settings.clientKeysEnv().isEmpty() ? null : env.get(settings.clientKeysEnv()));
        host = settings.host().orElse(keys.isEmpty() ? "127.0.0.1" : "0.0.0.0");
        // Before anything can log, answer or store: every configured secret is masked from here on.
        secrets.add(io.healthgate.providers.Secrets.remember(ConfiguredSecrets.of(config, served.get(), keys, env)));
        // File and table work of the token estimate happens here, not on an event loop at the first count_tokens.
        io.healthgate.providers.TokenEstimate.load();
        int instances = settings.instances() > 0 ? settings.instances() : Math.max(1, Runtime.getRuntime().availableProcessors());
        parts = Components.build(new Components.Inputs(config, settings, features, served, env, clock, outcomes, proxyEvents,
                reloadSource, routingView, keys, fleetSettings(), this::baseUrl, healthTimers), instances);
        try {
            // Port 0 would give each instance its own random port; a negative port is Vert.x's
            // "one shared random port" for all instances.
            int bindPort = settings.port() == 0 ? -1 : settings.port();
            List<ServerVerticle> servers = new java.util.concurrent.CopyOnWriteArrayList<>();
            io.healthgate.config.ServerConfig server = config.server();
            io.healthgate.api.ConnectionLimits limits = new io.healthgate.api.ConnectionLimits(
                    Duration.ofSeconds(server.bodyReadTimeoutSeconds()), Duration.ofSeconds(server.idleTimeoutSeconds()),
                    Duration.ofSeconds(server.headerReadTimeoutSeconds()), server.maxConnections());
            deployments.add(parts.vertx().deployVerticle(() -> {
                // The grace is spent draining before the servers stop (close()); stopping then only waits for the last writes.
                ServerVerticle v = new ServerVerticle(parts.api(), host, bindPort, io.healthgate.api.InFlight.AFTER_INTERRUPT, limits);
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

    /** One of a fleet on Redis when {@code redis.url} is set (or a test said so); empty alone. */
    private Optional<RedisConfig> fleetSettings() {
        return fleetOverride.isPresent() ? fleetOverride : Optional.of(config.redis()).filter(RedisConfig::enabled);
    }

    /** Tests only: run as one of a fleet with these Redis settings (own key prefix, short leases); call before {@link #start}. */
    Healthgate fleetForTest(RedisConfig redis) {
        this.fleetOverride = Optional.of(redis);
        return this;
    }

    /** The fleet as this instance sees it; empty when it runs alone (no {@code redis.url}). */
    public Optional<io.healthgate.fleet.FleetView> fleetView() {
        Components p = parts;
        return p == null ? Optional.empty() : p.fleet().flatMap(FleetWiring::view);
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

    /** The health engine: live-traffic and probe evidence, and the immutable snapshot. */
    public io.healthgate.health.HealthEngine engine() {
        return parts.health().engine();
    }

    /** Circuit breakers per offer, fed by every outcome. */
    public io.healthgate.routing.BreakerRegistry breakers() {
        return parts.health().breakers();
    }

    /** The rollback lever: health-aware routing or plain ordered failover, switchable at runtime. */
    public io.healthgate.routing.RoutingSwitch routingSwitch() {
        return parts.health().routingSwitch();
    }

    /** Routing's read-only view of the health snapshot. */
    public io.healthgate.routing.HealthSignals healthSignals() {
        return parts.health().healthSignals();
    }

    /** Decides which offers to probe and when; {@code probeSoon} asks for one now. */
    public io.healthgate.health.ProbeScheduler probeScheduler() {
        return parts.health().probeScheduler();
    }

    /** Which quiet gateways get canaries, and which are in flight. */
    io.healthgate.health.CanaryScheduler canaryScheduler() {
        return parts.health().canaryScheduler();
    }

    /** The health store, when one is configured and could be opened. */
    public Optional<io.healthgate.health.HealthStore> healthStore() {
        return parts.health().store();
    }

    /** Alerting, when running with it. */
    public Optional<io.healthgate.alerting.Alerting> alerting() {
        return parts.health().alerting();
    }

    /** Empty when storage is fine or unused; else what is wrong (readiness says it plainly). */
    public String storeProblem() {
        return parts.health().storeProblem();
    }

    /** Every method and path the front answers (what a router of this process would route), for tests that walk them all. */
    List<String> routes() {
        return parts.api().router(parts.vertx()).getRoutes().stream()
                .filter(r -> r.getPath() != null)
                .flatMap(r -> (r.methods() == null || r.methods().isEmpty()
                        ? java.util.stream.Stream.of("ANY") : r.methods().stream().map(Object::toString))
                        .map(m -> m + " " + r.getPath()))
                .distinct().toList();
    }

    /** The configuration this process runs with. */
    public HealthgateConfig config() {
        return config;
    }

    /** Sends active probes over the same upstream client as live traffic. */
    public Prober prober() {
        return parts.prober();
    }

    /**
     * Graceful stop. Readiness turns 503 at once and new front-door requests get a 503 in their
     * door's shape (with {@code retry-after}) while the port still answers; requests and streams
     * under way get up to the shutdown grace to finish; whatever is still open then is ended
     * properly (a 503, or an error event in its stream); then the servers stop, the store is
     * flushed, the alert queues are delivered and Vert.x closes.
     */
    @Override
    public void close() {
        if (parts == null) {
            secrets.forEach(io.healthgate.providers.Secrets.Registration::close);
            secrets.clear();
            return;
        }
        parts.api().startDraining();
        drain(parts.api().inFlight(), settings.shutdownGrace());
        // All server instances stop at once, so the last wait is spent once, not once per instance.
        List<io.vertx.core.Future<Void>> undeploys = deployments.stream().map(parts.vertx()::undeploy).toList();
        try {
            io.vertx.core.Future.join(undeploys).await();
        } catch (RuntimeException e) {
            log.warn("undeploy failed: {}", e.toString());
        }
        deployments.clear();
        parts.close();
        parts = null;
        secrets.forEach(io.healthgate.providers.Secrets.Registration::close);
        secrets.clear();
    }

    /** Waits for the requests under way, at most {@code grace}; then ends the ones still open. */
    private static void drain(io.healthgate.api.InFlight inFlight, Duration grace) {
        int open = inFlight.size();
        if (open > 0) {
            log.info("draining: {} request(s) under way get up to {} s to finish; new requests are answered 503",
                    open, grace.toSeconds());
        }
        try {
            if (inFlight.awaitIdle(grace)) {
                return;
            }
            int ended = inFlight.interruptAll("the gateway is shutting down: the request did not finish within the shutdown grace of "
                    + grace.toSeconds() + " s");
            log.info("shutdown grace of {} s over: ended {} request(s) still open (503, or an error event in their stream)",
                    grace.toSeconds(), ended);
            inFlight.awaitIdle(io.healthgate.api.InFlight.AFTER_INTERRUPT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
