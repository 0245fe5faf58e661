package io.healthgate.bench;

import io.healthgate.app.Healthgate;
import io.healthgate.catalog.OfferId;
import io.healthgate.config.ConfigLoader;
import io.healthgate.config.HealthgateConfig;
import io.healthgate.proxy.ProxySettings;
import io.healthgate.routing.BreakerState;
import io.healthgate.routing.FirstTokenDeadlines;
import io.healthgate.routing.HedgePolicy;
import io.healthgate.routing.RoutingMode;
import io.healthgate.simulator.Behaviour;
import io.healthgate.simulator.Fault;
import io.healthgate.simulator.Scenario;
import io.healthgate.simulator.SimulatedFleet;
import io.healthgate.support.TestFleets;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The wall-clock figures of failover, deadlines, hedging and streaming, measured on the real
 * gateway in front of the simulated fleet (one JVM, 127.0.0.1, random ports). The tests assert
 * the behaviour behind each figure; this prints how long it takes on this machine. Run by
 * {@code bench/failover.sh}; never by {@code ./healthgate test}.
 *
 * <pre>
 * java -cp target/healthgate.jar:target/test-classes io.healthgate.bench.FailoverFigures [REQUESTS]
 * </pre>
 */
public final class FailoverFigures {
    static final String MODEL = "sim/chat";
    static final OfferId ALPHA = new OfferId("alpha", MODEL);
    static final long FLEET_FIRST_BYTE_MS = 15;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final SimulatedFleet fleet;
    private final Path data;
    private int dbs;
    private Healthgate gateway;

    private FailoverFigures(SimulatedFleet fleet, Path data) {
        this.fleet = fleet;
        this.data = data;
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Vertx vertx = Vertx.vertx();
        Scenario scenario = TestFleets.alphaBeta(MODEL, FLEET_FIRST_BYTE_MS);
        SimulatedFleet fleet = SimulatedFleet.start(vertx, scenario, 0);
        Path data = Files.createTempDirectory("healthgate-failover-bench");
        try {
            FailoverFigures f = new FailoverFigures(fleet, data);
            f.failoverLatency(n);
            f.breakerOpening();
            f.hangingGateway();
            f.hedging();
            f.streaming();
        } finally {
            fleet.close();
            vertx.close().await();
        }
    }

    /** What one failover adds: first-attempt answers against answers that failed over once (ordered mode, alpha 503). */
    private void failoverLatency(int n) throws Exception {
        start(p -> p);
        try {
            warmUp();
            List<Long> direct = times(n, false);
            fleet.control().offerFault("alpha", MODEL, Fault.UNAVAILABLE);
            gateway.routingSwitch().set(RoutingMode.ORDERED);
            List<Long> failedOver = times(n, false);
            System.out.printf(Locale.ROOT, "failover: first attempt p50 %.2f ms p99 %.2f ms; failed over once p50 %.2f ms p99 %.2f ms; "
                            + "added p50 %.2f ms (simulated first byte %d ms per call, n=%d each)%n",
                    ms(p(direct, 50)), ms(p(direct, 99)), ms(p(failedOver, 50)), ms(p(failedOver, 99)),
                    ms(p(failedOver, 50) - p(direct, 50)), FLEET_FIRST_BYTE_MS, n);
        } finally {
            stop();
        }
    }

    /** How many requests alpha's 503s cost before its breaker opens, and what share then goes straight to beta. */
    private void breakerOpening() throws Exception {
        start(p -> p);
        try {
            fleet.control().offerFault("alpha", MODEL, Fault.UNAVAILABLE);
            int openedAt = -1;
            int firstTry = 0;
            int after = 0;
            for (int i = 1; i <= 200; i++) {
                Reply r = openai(false, "");
                if (openedAt < 0 && gateway.breakers().state(ALPHA, Clock.systemUTC().instant()) == BreakerState.OPEN) {
                    openedAt = i;
                } else if (openedAt > 0) {
                    after++;
                    firstTry += r.attempts() == 1 ? 1 : 0;
                }
            }
            System.out.printf(Locale.ROOT, "breaker: 503 on alpha opened its breaker after request %d; then %d of %d answered on the first attempt%n",
                    openedAt, firstTry, after);
        } finally {
            stop();
        }
    }

    /** A hanging first offer with a 400 ms first-token deadline: what the slowest of 8 requests waits. */
    private void hangingGateway() throws Exception {
        Duration deadline = Duration.ofMillis(400);
        start(p -> p.withFirstTokenDeadlines(new FirstTokenDeadlines(Map.of(), Map.of(MODEL, deadline))));
        try {
            fleet.control().offerFault("alpha", MODEL, Fault.HANG);
            long slowest = 0;
            for (int i = 0; i < 8; i++) {
                slowest = Math.max(slowest, openai(i % 2 == 1, "").nanos());
            }
            System.out.printf(Locale.ROOT, "deadline: hanging alpha, first-token deadline %d ms: slowest of 8 requests %.0f ms%n",
                    deadline.toMillis(), ms(slowest));
        } finally {
            stop();
        }
    }

    /** A slow first offer (1.5 s to first byte) with hedging at 100-150 ms: when the client has its answer. */
    private void hedging() throws Exception {
        start(p -> p.withHedging(new HedgePolicy(true, Map.of(), Duration.ofMillis(100), Duration.ofMillis(150))));
        try {
            fleet.control().setOffer("alpha", MODEL, Behaviour.NORMAL.withLatency(1500, 0));
            Reply whole = openai(false, ",\"provider\":{\"order\":[\"alpha\"]}");
            Reply stream = openai(true, ",\"provider\":{\"order\":[\"alpha\"]}");
            System.out.printf(Locale.ROOT, "hedge: alpha 1500 ms to first byte, hedge after 100-150 ms: answered by %s in %.0f ms (whole), %s in %.0f ms (stream)%n",
                    whole.gateway(), ms(whole.nanos()), stream.gateway(), ms(stream.nanos()));
        } finally {
            stop();
        }
    }

    /** Streaming pace: the upstream's first byte after 300 ms, then a chunk every 60 ms; when the client reads them. */
    private void streaming() throws Exception {
        start(p -> p);
        try {
            fleet.control().setOffer("alpha", MODEL, Behaviour.NORMAL.withLatency(300, 60));
            HttpRequest req = request("{\"model\":\"alpha/" + MODEL + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            long t0 = System.nanoTime();
            HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            List<Long> arrivals = new ArrayList<>();
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(r.body()))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("data:")) {
                        arrivals.add(System.nanoTime() - t0);
                    }
                }
            }
            System.out.printf(Locale.ROOT, "stream: upstream first byte 300 ms, chunks 60 ms apart: client first chunk %.0f ms, last %.0f ms, %d chunks%n",
                    ms(arrivals.get(0)), ms(arrivals.get(arrivals.size() - 1)), arrivals.size());
        } finally {
            stop();
        }
    }

    // ---- the gateway ----

    private void start(UnaryOperator<ProxySettings> proxy) {
        Map<String, String> cfg = new HashMap<>();
        cfg.put("HEALTHGATE_MONITORING_ENABLED", "false");
        cfg.put("HEALTHGATE_STORAGE_URL", "jdbc:sqlite:" + data.resolve("hg-" + ++dbs + ".db"));
        cfg.put("HEALTHGATE_ROUTING_BREAKER_FAILURE_THRESHOLD", "3");
        HealthgateConfig config = ConfigLoader.load(Optional.empty(), cfg);
        Healthgate.Settings settings = Healthgate.Settings.from(config).withPort(0).withHost("127.0.0.1")
                .withInstances(1).withShutdownGrace(Duration.ofSeconds(1));
        settings = settings.withProxy(proxy.apply(settings.proxy()));
        fleet.control().reset();
        gateway = Healthgate.create(config, settings, fleet.catalog(), fleet.demoEnvironment(), Clock.systemUTC()).start();
    }

    private void stop() {
        gateway.close();
        gateway = null;
    }

    record Reply(int status, String gateway, int attempts, long nanos) {
    }

    private void warmUp() throws Exception {
        times(30, false);
    }

    private List<Long> times(int n, boolean stream) throws Exception {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Reply r = openai(stream, "");
            if (r.status() != 200) {
                throw new IllegalStateException("request " + i + " answered " + r.status());
            }
            out.add(r.nanos());
        }
        return out;
    }

    private HttpRequest request(String body) {
        return HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(10)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private Reply openai(boolean stream, String extra) throws IOException, InterruptedException {
        HttpRequest req = request("{\"model\":\"" + MODEL + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" + extra + "}");
        long t0 = System.nanoTime();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        long nanos = System.nanoTime() - t0;
        return new Reply(r.statusCode(), r.headers().firstValue("x-healthgate-gateway").orElse(""),
                Integer.parseInt(r.headers().firstValue("x-healthgate-attempts").orElse("0")), nanos);
    }

    private static long p(List<Long> values, int pct) {
        List<Long> sorted = values.stream().sorted().toList();
        int i = (int) Math.ceil(pct / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
