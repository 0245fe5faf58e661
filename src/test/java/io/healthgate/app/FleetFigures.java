package io.healthgate.app;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Model;
import io.healthgate.catalog.OfferId;
import io.healthgate.catalog.Protocol;
import io.healthgate.catalog.Tier;
import io.healthgate.fleet.FleetSettings;
import io.healthgate.fleet.FleetView;
import io.healthgate.routing.BreakerState;
import io.healthgate.simulator.Fault;
import io.healthgate.simulator.Scenario;
import io.healthgate.simulator.SimulatedFleet;
import io.healthgate.support.TestRedis;
import io.vertx.core.Vertx;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fleet's wall-clock figures on this machine: how old a breaker opened by instance A's
 * traffic is when B and C apply it (and what their staleness meters say), and how long a clean
 * stop takes to move A's probe leases to B and C. Three instances in one JVM on the local Redis
 * (its own key prefix), default fleet settings. Run by {@code bench/fleet.sh}; never by
 * {@code ./healthgate test}, whose tests assert the behaviour behind each figure. It lives in
 * {@code app} for the per-run key prefix (a test hook of the composition root).
 */
public final class FleetFigures {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private FleetFigures() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        String prefix = TestRedis.freshPrefix();
        Vertx vertx = Vertx.vertx();
        Scenario.Builder b = Scenario.builder().seed(3)
                .gateway("alpha", Protocol.OPENAI, "ALPHA_KEY", "sk-alpha")
                .gateway("beta", Protocol.OPENAI, "BETA_KEY", "sk-beta");
        List<String> models = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            String m = String.format(Locale.ROOT, "bench/m%02d", i);
            models.add(m);
            b.offer("alpha", m, "a-" + i).offer("beta", m, "b-" + i);
        }
        SimulatedFleet sim = SimulatedFleet.start(vertx, b.build(), 0);
        Path dir = Files.createTempDirectory("healthgate-fleet-bench");
        List<Healthgate> gs = new ArrayList<>();
        try {
            Catalog catalog = onDemand(sim.catalog());
            Map<String, String> env = new HashMap<>(sim.demoEnvironment());
            for (String id : List.of("A", "B", "C")) {
                var config = FleetConfigs.probing("jdbc:sqlite:" + dir.resolve(id + ".db"), 60);
                gs.add(Healthgate.create(config, Healthgate.Settings.from(config).withInstances(1).withShutdownGrace(Duration.ofSeconds(1)),
                        catalog, env, Clock.systemUTC()).fleetForTest(new io.healthgate.config.RedisConfig(TestRedis.url(), prefix, id, FleetSettings.DEFAULTS)).start());
            }
            Healthgate a = gs.get(0);
            waitFor(() -> gs.stream().allMatch(g -> g.fleetView().orElseThrow().instances().size() == 3), Duration.ofSeconds(30));

            Map<String, Instant> openedAtA = new ConcurrentHashMap<>();
            Map<String, List<Long>> appliedAfter = new ConcurrentHashMap<>();
            a.breakers().subscribe(t -> {
                if (t.to() == BreakerState.OPEN && !t.fromPeer()) {
                    openedAtA.put(t.offer().model(), t.at());
                }
            });
            for (Healthgate g : gs.subList(1, 3)) {
                String id = g.fleetView().orElseThrow().self();
                g.breakers().subscribe(t -> {
                    Instant opened = openedAtA.get(t.offer().model());
                    if (t.to() == BreakerState.OPEN && t.fromPeer() && opened != null) {
                        appliedAfter.computeIfAbsent(id, k -> Collections.synchronizedList(new ArrayList<>()))
                                .add(Duration.between(opened, Instant.now()).toMillis());
                    }
                });
            }
            for (String m : models) {
                sim.control().offerFault("alpha", m, Fault.UNAVAILABLE);
                for (int i = 0; i < 5; i++) {
                    chatPreferringAlpha(a, m);
                }
                waitFor(() -> gs.subList(1, 3).stream().allMatch(g ->
                        g.breakers().state(new OfferId("alpha", m), Instant.now()) == BreakerState.OPEN), Duration.ofSeconds(10));
            }
            for (Healthgate g : gs.subList(1, 3)) {
                FleetView v = g.fleetView().orElseThrow();
                List<Long> mine = new ArrayList<>(appliedAfter.getOrDefault(v.self(), List.of()));
                Collections.sort(mine);
                System.out.printf(Locale.ROOT, "breaker opened on A, applied on %s: n=%d p50 %d ms max %d ms; %s's staleness meter "
                                + "(every peer message, %d samples): p50 %d ms max %d ms (bound %d ms)%n",
                        v.self(), mine.size(), mine.isEmpty() ? -1 : mine.get((mine.size() - 1) / 2), mine.isEmpty() ? -1 : mine.get(mine.size() - 1),
                        v.self(), v.staleness().map(s -> s.samples()).orElse(0L), v.staleness().map(s -> s.p50().toMillis()).orElse(-1L),
                        v.staleness().map(s -> s.max().toMillis()).orElse(-1L), v.stalenessBound().toMillis());
            }

            int offers = rounds * 2;
            waitFor(() -> gs.stream().mapToInt(g -> g.fleetView().orElseThrow().leasesHeld()).sum() == offers, Duration.ofSeconds(60));
            int aHeld = a.fleetView().orElseThrow().leasesHeld();
            long t0 = System.nanoTime();
            a.close();
            List<Healthgate> rest = gs.subList(1, 3);
            waitFor(() -> rest.stream().mapToInt(g -> g.fleetView().orElseThrow().leasesHeld()).sum() == offers, Duration.ofSeconds(60));
            System.out.printf(Locale.ROOT, "clean stop of A (%d of %d leases): B and C hold all %d after %d ms (lease time %d s, "
                            + "rebalance every %d ms)%n", aHeld, offers, offers, (System.nanoTime() - t0) / 1_000_000,
                    FleetSettings.DEFAULTS.leaseTime().toSeconds(), FleetSettings.DEFAULTS.rebalanceInterval().toMillis());
        } finally {
            gs.forEach(Healthgate::close);
            sim.close();
            vertx.close().await();
            TestRedis.deleteKeys(prefix);
        }
    }

    private static Catalog onDemand(Catalog c) {
        List<Model> models = new ArrayList<>();
        for (Model m : c.models()) {
            models.add(new Model(m.id(), m.provider(), Optional.of(Tier.ON_DEMAND), m.reasoning(), m.contextTokens(), m.aliases(), m.offers()));
        }
        return new Catalog(c.gateways(), models);
    }

    private static void chatPreferringAlpha(Healthgate via, String model) throws Exception {
        HTTP.send(HttpRequest.newBuilder(URI.create(via.baseUrl() + "/v1/chat/completions")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"provider\":{\"order\":[\"alpha\"]},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(), HttpResponse.BodyHandlers.discarding());
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, Duration atMost) throws InterruptedException {
        long end = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("condition not met within " + atMost);
            }
            Thread.sleep(10);
        }
    }
}
