package io.healthgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Model;
import io.healthgate.catalog.Offer;
import io.healthgate.catalog.OfferId;
import io.healthgate.catalog.Protocol;
import io.healthgate.health.HealthEngine;
import io.healthgate.health.HealthSettings;
import io.healthgate.health.Outcome;
import io.healthgate.health.OutcomeClass;
import io.healthgate.providers.UpstreamRequest;
import io.healthgate.providers.UpstreamRequests;
import io.healthgate.routing.BreakerRegistry;
import io.healthgate.routing.BreakerSettings;
import io.healthgate.routing.ClientPreferences;
import io.healthgate.routing.RoutePlan;
import io.healthgate.routing.RouteRequest;
import io.healthgate.routing.Router;
import io.healthgate.routing.RoutingMode;
import io.healthgate.routing.RoutingSettings;
import io.healthgate.routing.RoutingSwitch;
import io.healthgate.routing.SnapshotSignals;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The per-request work of the plain-Java core, one benchmark each (issue 16, item 2): the routing
 * decision for a model with 6 offers (health-aware, every offer with health data, breakers
 * closed), recording one outcome (health engine and breaker), reading the health snapshot the way
 * routing does, and shaping the upstream request (parse the client body, build the upstream
 * body, URL and headers). Health is read through the same {@link SnapshotSignals} the gateway
 * uses. Not part of the test suite; run with
 * {@code bench/jmh} (see docs/BENCHMARKS.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m"})
public class HotPathBenchmarks {
    static final String MODEL = "meta-llama/llama-3.3-70b-instruct";
    static final int OFFERS = 6;

    private final Clock clock = Clock.systemUTC();
    private final ObjectMapper json = new ObjectMapper();
    private Catalog catalog;
    private HealthEngine engine;
    private BreakerRegistry breakers;
    private Router router;
    private SnapshotSignals signals;
    private List<OfferId> offers;
    private Gateway gateway;
    private Map<String, String> env;
    private byte[] clientBody;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        List<Gateway> gateways = new ArrayList<>();
        List<Offer> modelOffers = new ArrayList<>();
        offers = new ArrayList<>();
        env = new HashMap<>();
        for (int i = 0; i < OFFERS; i++) {
            String name = "gw" + i;
            gateways.add(Gateway.of(name, "http://127.0.0.1:1/" + name + "/v1", Protocol.OPENAI, "GW" + i + "_KEY"));
            env.put("GW" + i + "_KEY", "fake-key-" + i);
            OfferId id = new OfferId(name, MODEL);
            offers.add(id);
            modelOffers.add(new Offer(id, "upstream-model-" + i));
        }
        catalog = new Catalog(gateways, List.of(new Model(MODEL, "meta-llama", Optional.empty(), false, 0, List.of(), modelOffers)));
        Set<String> configured = env.keySet().stream().map(k -> k.substring(0, k.indexOf('_')).toLowerCase()).collect(java.util.stream.Collectors.toSet());
        breakers = new BreakerRegistry(BreakerSettings.DEFAULTS, clock);
        engine = new HealthEngine(catalog, configured, HealthSettings.defaults(), clock);
        // Health data for every offer, with different latencies, so ranking has work to do.
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < OFFERS; i++) {
                engine.onOutcome(Outcome.success(offers.get(i), Outcome.Source.LIVE, Duration.ofMillis(100 + 37L * i + round), clock.instant()));
            }
        }
        engine.rebuild();
        signals = new SnapshotSignals(engine::snapshot, clock);
        router = new Router(() -> catalog, configured::contains, signals, breakers, new RoutingSwitch(RoutingMode.HEALTH_AWARE),
                RoutingSettings.DEFAULTS);
        gateway = gateways.get(0);
        clientBody = ("{\"model\":\"" + MODEL + "\",\"stream\":false,\"max_tokens\":200,\"temperature\":0.7,"
                + "\"messages\":[{\"role\":\"system\",\"content\":\"You are a helpful assistant.\"},"
                + "{\"role\":\"user\",\"content\":\"Write a haiku about gateways that stay up.\"}]}").getBytes(StandardCharsets.UTF_8);
        RoutePlan check = routingDecision();
        if (check.candidates().size() != OFFERS) {
            throw new IllegalStateException("expected " + OFFERS + " candidates, got " + check.candidates().size() + ": " + check.reason());
        }
    }

    @Benchmark
    public RoutePlan routingDecision() {
        return router.plan(new RouteRequest(catalog.resolve(MODEL).orElseThrow(), ClientPreferences.NONE), clock.instant());
    }

    /** What the gateway records after each attempt: the health engine's outcome and the breaker's. */
    @Benchmark
    public void recordOutcome() {
        OfferId id = offers.get(next++ % OFFERS);
        engine.onOutcome(Outcome.success(id, Outcome.Source.LIVE, Duration.ofMillis(120), clock.instant()));
        breakers.record(id, OutcomeClass.SUCCESS);
    }

    /** Routing's read of one offer's health: the latest immutable snapshot, status, uptime and p50. */
    @Benchmark
    public Object snapshotRead() {
        OfferId id = offers.get(next++ % OFFERS);
        return signals.status(id).ordinal() + signals.uptime(id).orElse(0) + signals.ttfbP50(id).map(Duration::toNanos).orElse(0L);
    }

    /** The client body parsed, and the upstream request (model replaced, URL, auth) built and written. */
    @Benchmark
    public UpstreamRequest requestShaping() throws Exception {
        JsonNode body = json.readTree(clientBody);
        return UpstreamRequests.build(gateway, "upstream-model-0", env.get("GW0_KEY"), body, env);
    }
}
