package io.healthgate.app;

import io.healthgate.config.HealthgateConfig;
import io.healthgate.simulator.Scenario;
import io.healthgate.simulator.SimulatedFleet;
import io.healthgate.support.GatewayCalls;
import io.vertx.core.Vertx;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * The real gateway (the composition root on a random port, one instance) in front of a simulated
 * fleet, with a JDK HTTP/1.1 client to drive it like a client does. Close it after the tests.
 */
final class SimulatedGateway implements AutoCloseable {
    final Vertx vertx = Vertx.vertx();
    final SimulatedFleet fleet;
    final Healthgate gateway;
    /** Outcomes recorded, by gateway. */
    private final Map<String, AtomicLong> outcomesSeen = new ConcurrentHashMap<>();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param env changes to the fleet's demo environment (every gateway's key set), e.g. a key removed
     *            or the client and admin keys added
     */
    SimulatedGateway(Scenario scenario, HealthgateConfig config, Consumer<Map<String, String>> env) {
        this(scenario, config, env, Clock.systemUTC(), Optional.empty());
    }

    /**
     * Gateway and fleet on one {@code clock} (the fleet's schedules, cold starts and rate windows
     * follow it), the gateway's health schedules (snapshot refresh, probes, canaries) on
     * {@code healthTimers} when given: on a fake clock, a {@link io.healthgate.support.ManualExecutor}
     * the test moves with it.
     */
    SimulatedGateway(Scenario scenario, HealthgateConfig config, Consumer<Map<String, String>> env, Clock clock,
                     Optional<ScheduledExecutorService> healthTimers) {
        fleet = SimulatedFleet.start(vertx, scenario, 0, clock);
        Map<String, String> variables = new HashMap<>(fleet.demoEnvironment());
        env.accept(variables);
        Healthgate.Settings settings = Healthgate.Settings.from(config).withInstances(1).withShutdownGrace(Duration.ofSeconds(1));
        Healthgate hg = Healthgate.create(config, settings, fleet.catalog(), variables, clock);
        healthTimers.ifPresent(hg::healthTimers);
        gateway = hg.start();
        // Subscribed after the engine: once this has counted an outcome, the engine has recorded it.
        gateway.outcomes().subscribe(o -> outcomesSeen.computeIfAbsent(o.offer().gateway(), g -> new AtomicLong()).incrementAndGet());
    }

    /**
     * No probe or canary waits for its answer, and every chat call the fleet received for an offer
     * (live, probe or canary) has had its outcome recorded: each upstream call ends in exactly one
     * outcome. While a gateway-wide fault answers for a gateway, the fleet counts those calls (and
     * models lists) on the gateway alone, so for that gateway only "at least the offers' calls" can
     * be checked; the in-flight counts cover its probes and canaries then. What a fake-clock test
     * waits for before it reads a view, so the view shows what the gateway knew at that second.
     */
    boolean settled() {
        if (gateway.probeScheduler().inFlight() != 0 || gateway.canaryScheduler().inFlight() != 0) {
            return false;
        }
        Map<String, Long> offerCalls = new HashMap<>();
        for (io.healthgate.catalog.Model m : fleet.catalog().models()) {
            for (io.healthgate.catalog.Offer o : m.offers()) {
                offerCalls.merge(o.gateway(), fleet.requestCount(o.gateway(), m.id()), Long::sum);
            }
        }
        for (Map.Entry<String, Long> e : offerCalls.entrySet()) {
            long seen = outcomesSeen.getOrDefault(e.getKey(), new AtomicLong()).get();
            io.healthgate.simulator.OfferStats g = fleet.gatewayStats(e.getKey());
            boolean allOnOffers = g.requests() == e.getValue() + g.count("models");
            if (allOnOffers ? seen != e.getValue() : seen < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Settings (environment-style {@code HEALTHGATE_*} keys) for a gateway on fake time: a fresh
     * SQLite store at {@code database}, a random port, and routing and latency rules that ignore
     * first-byte times. Those are real milliseconds even on a fake clock, so on a loaded machine
     * they are noise: ranking by latency would make the order a coin toss, and the latency rules
     * (degraded at 3x its own p50 baseline, the early warning's 2x TTFB drift) get factors no
     * hiccup reaches. Every other setting keeps its shipped default. A mutable map, to add to.
     */
    static Map<String, String> fakeClockSettings(java.nio.file.Path database) {
        Map<String, String> cfg = new HashMap<>();
        cfg.put("HEALTHGATE_STORAGE_URL", "jdbc:sqlite:" + database);
        cfg.put("HEALTHGATE_SERVER_PORT", "0");
        cfg.put("HEALTHGATE_ROUTING_RANK_BY", "status,uptime");
        cfg.put("HEALTHGATE_MONITORING_DEGRADED_LATENCY_FACTOR", "1000");
        cfg.put("HEALTHGATE_MONITORING_ANOMALY_TTFB_FACTOR", "1000");
        return cfg;
    }

    /** Chats and views as a client sends them. */
    GatewayCalls calls() {
        return new GatewayCalls(http, baseUrl(), Duration.ofSeconds(30));
    }

    String baseUrl() {
        return gateway.baseUrl();
    }

    @Override
    public void close() {
        gateway.close();
        fleet.close();
        vertx.close().await();
        http.close();
    }
}
