package io.healthgate.app;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Model;
import io.healthgate.catalog.Offer;
import io.healthgate.catalog.Tier;
import io.healthgate.config.BuiltinCatalog;
import io.healthgate.config.HealthgateConfig;
import io.healthgate.config.RedisConfig;
import io.healthgate.config.ServerConfig;
import io.healthgate.config.StorageConfig;
import io.healthgate.health.HealthSettings;
import io.healthgate.simulator.OfferTruth;
import io.healthgate.simulator.Scenario;
import io.healthgate.simulator.SimulatedFleet;
import io.healthgate.simulator.TruthState;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code ./healthgate demo}: the simulated fleet (the original platform's bad week) and the whole
 * gateway against it, with embedded storage and fast probe intervals so the dashboard fills within
 * a minute. Nothing leaves 127.0.0.1, and no real key is ever sent anywhere: the gateway sees only
 * the demo environment the fleet hands out.
 */
public final class Demo implements AutoCloseable {
    /** Probe intervals short enough to watch, long enough not to hammer the simulator. */
    static final Map<Tier, HealthSettings.TierSettings> DEMO_TIERS = Map.of(
            Tier.CRITICAL, tier(15, 10, 10),
            Tier.POPULAR, tier(30, 10, 10),
            Tier.STANDARD, tier(60, 15, 5),
            Tier.ON_DEMAND, tier(120, 15, 5));

    private static HealthSettings.TierSettings tier(int intervalSeconds, int timeoutSeconds, int maxTokens) {
        return new HealthSettings.TierSettings(Duration.ofSeconds(intervalSeconds), Duration.ofSeconds(timeoutSeconds), maxTokens);
    }

    private final SimulatedFleet fleet;
    private final Healthgate gateway;
    private final List<Healthgate> instances;
    private final Map<String, String> environment;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private Demo(SimulatedFleet fleet, List<Healthgate> instances, Map<String, String> environment) {
        this.fleet = fleet;
        this.gateway = instances.get(0);
        this.instances = List.copyOf(instances);
        this.environment = environment;
    }

    /**
     * Starts the fleet and the gateway.
     *
     * @param port the gateway's port (0: any free port)
     * @param simulatorPort the fleet's port (0: any free port)
     * @param storageUrl where the demo keeps its health history
     * @param passThrough variables of the real environment the gateway may see (client and admin keys), never gateway keys
     */
    public static Demo start(int port, int simulatorPort, long seed, double timeScale, String storageUrl,
                             Map<String, String> passThrough, Clock clock) {
        Scenario scenario = Scenario.defaultFleet(BuiltinCatalog.load(), seed, timeScale);
        SimulatedFleet fleet = SimulatedFleet.start(null, scenario, simulatorPort, clock);
        try {
            Map<String, String> env = new HashMap<>(passThrough);
            env.putAll(fleet.demoEnvironment());
            HealthgateConfig config = demoConfig(port, storageUrl);
            Healthgate gateway = Healthgate.create(config, Healthgate.Settings.from(config), fleet.catalog(), env, clock).start();
            return new Demo(fleet, List.of(gateway), Map.copyOf(env));
        } catch (RuntimeException e) {
            fleet.close();
            throw e;
        }
    }

    /**
     * Starts the fleet and {@code n} gateway instances on consecutive ports from {@code port} (0:
     * any free ports), one fleet on the Redis at {@code redisUrl} under a key prefix of their own:
     * they share probes by lease, and a breaker opened through one protects the others.
     * {@code storageUrl} is shared when it is PostgreSQL; a SQLite file gets one per instance
     * ({@code demo-1.db}, ...), since SQLite is a single-process store.
     *
     * @throws IllegalStateException naming the Redis URL when nothing answers there
     */
    public static Demo startFleet(int n, int port, int simulatorPort, long seed, double timeScale, String storageUrl, String redisUrl,
                                  Map<String, String> passThrough, Clock clock) {
        if (n < 1) {
            throw new IllegalArgumentException("--instances must be >= 1, got " + n);
        }
        requireRedis(redisUrl);
        Scenario scenario = Scenario.defaultFleet(BuiltinCatalog.load(), seed, timeScale);
        SimulatedFleet fleet = SimulatedFleet.start(null, scenario, simulatorPort, clock);
        List<Healthgate> started = new java.util.ArrayList<>();
        try {
            Map<String, String> env = new HashMap<>(passThrough);
            env.putAll(fleet.demoEnvironment());
            String prefix = "healthgate:demo-" + java.util.UUID.randomUUID().toString().substring(0, 8) + ":";
            for (int i = 1; i <= n; i++) {
                String store = storageUrl.startsWith("jdbc:sqlite:") ? perInstance(storageUrl, i) : storageUrl;
                HealthgateConfig config = demoConfig(port == 0 ? 0 : port + i - 1, store)
                        .withRedis(new RedisConfig(redisUrl, prefix, "demo-" + i, io.healthgate.fleet.FleetSettings.DEFAULTS));
                started.add(Healthgate.create(config, Healthgate.Settings.from(config), fleet.catalog(), env, clock).start());
            }
            return new Demo(fleet, started, Map.copyOf(env));
        } catch (RuntimeException e) {
            started.forEach(Healthgate::close);
            fleet.close();
            throw e;
        }
    }

    /** {@code jdbc:sqlite:data/demo.db} becomes {@code jdbc:sqlite:data/demo-2.db} for instance 2. */
    static String perInstance(String sqliteUrl, int i) {
        int dot = sqliteUrl.lastIndexOf('.');
        int slash = sqliteUrl.lastIndexOf('/');
        return dot > slash && dot > "jdbc:sqlite:".length() ? sqliteUrl.substring(0, dot) + "-" + i + sqliteUrl.substring(dot)
                : sqliteUrl + "-" + i;
    }

    private static void requireRedis(String redisUrl) {
        java.net.URI uri;
        try {
            uri = java.net.URI.create(redisUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("--redis must be redis://HOST:PORT, got '" + redisUrl + "'");
        }
        String host = uri.getHost() == null ? "127.0.0.1" : uri.getHost();
        int p = uri.getPort() < 0 ? 6379 : uri.getPort();
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(host, p), 2_000);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("several instances need a Redis to share their health, and none answered at "
                    + host + ":" + p + " (" + e.getMessage() + "); start one (e.g. redis-server) or point --redis at one");
        }
    }

    /**
     * The shipped defaults with the demo's port, storage, a short shutdown grace, fast probes and
     * stream rescue on (a stream the simulated fleet cuts or stalls is continued elsewhere).
     */
    static HealthgateConfig demoConfig(int port, String storageUrl) {
        HealthgateConfig d = HealthgateConfig.defaults();
        HealthSettings m = d.monitoring().health();
        HealthSettings.Builder fast = HealthSettings.builder()
                .batchSize(25).batchInterval(Duration.ofSeconds(1)).jitter(Duration.ofSeconds(2))
                .perGatewayConcurrency(m.perGatewayConcurrency()).hourlyProbeCap(m.hourlyProbeCap())
                .coldStartTimeout(Duration.ofSeconds(20)).window(m.window()).minSamples(m.minSamples())
                .degradedErrorRate(m.degradedErrorRate()).unhealthyErrorRate(m.unhealthyErrorRate())
                .degradedLatencyFactor(m.degradedLatencyFactor()).flushInterval(m.flushInterval()).retention(m.retention())
                .drift(m.drift());
        DEMO_TIERS.forEach(fast::tier);
        ServerConfig s = d.server();
        return d.withServer(new ServerConfig(s.host(), port, s.maxBodyBytes(), 2))
                .withStorage(new StorageConfig(storageUrl))
                .withMonitoring(new HealthgateConfig.Monitoring(true, fast.build()))
                .withRouting(new HealthgateConfig.Routing(d.routing().healthAware(), d.routing().journey().withStreamRescue(true),
                        d.routing().breaker(), d.routing().trialBackoff()));
    }

    /**
     * A model a first request can use right now: one whose offer on a gateway with a working demo
     * key is up in the simulator's ground truth.
     */
    public Optional<String> modelThatWorks() {
        Catalog catalog = fleet.catalog();
        Set<String> up = fleet.truth().stream()
                .filter(t -> t.state() == TruthState.UP && "ok".equals(t.demoKey()))
                .map(OfferTruth::model).collect(Collectors.toSet());
        return catalog.models().stream()
                .filter(m -> up.contains(m.id()) && hasWorkingOffer(catalog, m))
                .map(Model::id).findFirst();
    }

    private boolean hasWorkingOffer(Catalog catalog, Model m) {
        for (Offer o : m.offers()) {
            Gateway g = catalog.gateway(o.gateway()).orElseThrow();
            String key = environment.get(g.apiKeyEnv());
            if (g.enabled() && key != null && !key.isBlank()) {
                return true;
            }
        }
        return false;
    }

    public SimulatedFleet fleet() {
        return fleet;
    }

    /** The first instance (the only one without {@code --instances}). */
    public Healthgate gateway() {
        return gateway;
    }

    /** Every gateway instance, in port order. */
    public List<Healthgate> instances() {
        return instances;
    }

    /** The environment the gateway runs with: the fleet's demo keys (fake) plus passed-through client keys. */
    public Map<String, String> environment() {
        return environment;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            instances.forEach(Healthgate::close);
        } finally {
            fleet.close();
        }
    }
}
