package io.healthgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthgate.app.Healthgate;
import io.healthgate.catalog.Protocol;
import io.healthgate.proxy.ProxySettings;
import io.healthgate.routing.AdaptiveDeadlines;
import io.healthgate.routing.FirstTokenDeadlines;
import io.healthgate.routing.RoutingMode;
import io.healthgate.simulator.Behaviour;
import io.healthgate.simulator.Fault;
import io.healthgate.simulator.Scenario;
import io.healthgate.simulator.SimulatedFleet;
import io.vertx.core.Vertx;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The wall-clock figures of issue 12 at the shipped defaults (first-token floor 5 s, k = 4, 20
 * samples; stall floor 10 s, {@code routing.stream_idle_seconds} 60), with stream rescue on as in
 * the demo: a 200 ms offer that hangs, and a stream that stalls for 30 s with its connection open,
 * each with a healthy second offer. The tests assert the behaviour; this prints how long it takes.
 * Run by {@code bench/rescue.sh}; never by {@code ./healthgate test}.
 */
public final class RescueFigures {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "sim/chat";
    private static final String QUESTION = "tell me about the weather in Paris";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final SimulatedFleet fleet;
    private final Healthgate gateway;

    private RescueFigures(SimulatedFleet fleet, Healthgate gateway) {
        this.fleet = fleet;
        this.gateway = gateway;
    }

    public static void main(String[] args) throws Exception {
        Vertx vertx = Vertx.vertx();
        Behaviour paced = Behaviour.NORMAL.withLatency(200, 20);
        Scenario scenario = Scenario.builder().seed(3)
                .gateway("one", Protocol.OPENAI, "ONE_KEY", "sk-one")
                .gateway("two", Protocol.OPENAI, "TWO_KEY", "sk-two")
                .offer("one", MODEL, "one-chat", paced)
                .offer("two", MODEL, "two-chat", paced)
                .build();
        SimulatedFleet fleet = SimulatedFleet.start(vertx, scenario, 0);
        Map<String, String> env = new HashMap<>(fleet.demoEnvironment());
        env.put("BENCH_KEYS", "bench");
        ProxySettings proxy = ProxySettings.defaults().withStreamRescue(true);
        Healthgate.Settings d = Healthgate.Settings.defaults();
        Healthgate.Settings settings = new Healthgate.Settings(d.host(), 0, d.maxBodyBytes(), Duration.ofSeconds(1), "BENCH_KEYS",
                false, proxy, d.upstream(), 1);
        Healthgate gateway = Healthgate.create(settings, fleet.catalog(), env, Clock.systemUTC()).start();
        gateway.routingSwitch().set(RoutingMode.ORDERED); // one first, two second, every time
        try {
            System.out.printf(Locale.ROOT, "settings: first-token floor %d s x %.0f p99 after %d samples (tier deadline %d s); "
                            + "stall floor %d s, stream_idle_seconds %d; stream rescue on%n",
                    AdaptiveDeadlines.DEFAULT_FIRST_TOKEN_FLOOR.toSeconds(), AdaptiveDeadlines.DEFAULT_FACTOR,
                    AdaptiveDeadlines.DEFAULT_MIN_SAMPLES, FirstTokenDeadlines.DEFAULT_STANDARD.toSeconds(),
                    AdaptiveDeadlines.DEFAULT_STREAM_IDLE_FLOOR.toSeconds(), ProxySettings.DEFAULT_IDLE_TIMEOUT.toSeconds());
            RescueFigures f = new RescueFigures(fleet, gateway);
            f.hang();
            f.stall();
        } finally {
            gateway.close();
            fleet.close();
            vertx.close().await();
        }
    }

    private HttpResponse<String> chat(boolean stream) throws Exception {
        return chat(MODEL, stream);
    }

    private HttpResponse<String> chat(String model, boolean stream) throws Exception {
        String body = "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\""
                + QUESTION + "\"}]}";
        return http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                .header("authorization", "Bearer bench").header("content-type", "application/json")
                .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void warmUp(boolean stream) throws Exception {
        for (int i = 0; i < 25; i++) {
            HttpResponse<String> r = chat(stream);
            if (r.statusCode() != 200) {
                throw new IllegalStateException("warm-up answered " + r.statusCode() + ": " + r.body());
            }
        }
    }

    /** A 200 ms offer with 25 answers behind it starts to hang: how long until the client has the fallback's answer. */
    private void hang() throws Exception {
        fleet.control().reset();
        // Whole answers in 200 ms: the "200 ms-TTFB offer" (a non-streamed answer's first byte is its head).
        Behaviour quick = Behaviour.NORMAL.withLatency(200, 0);
        fleet.control().setOffer("one", MODEL, quick).setOffer("two", MODEL, quick);
        // JIT and connections warm on two first: one's own samples then show its speed, not the JVM's start.
        for (int i = 0; i < 60; i++) {
            chat("two/" + MODEL, false);
        }
        warmUp(false);
        long f0 = System.nanoTime();
        chat(false);
        double own = (System.nanoTime() - f0) / 1e9;
        fleet.control().setOffer("one", MODEL, quick.withFault(Fault.HANG));
        long t0 = System.nanoTime();
        HttpResponse<String> r = chat(false);
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "hang -> fallback answer: %.2f s (status %d, served by %s; a healthy answer takes %.2f s; "
                        + "target <= 6 s; the fixed tier deadline would be %d s)%n",
                s, r.statusCode(), r.headers().firstValue("x-healthgate-gateway").orElse("?"), own,
                FirstTokenDeadlines.DEFAULT_STANDARD.toSeconds());
    }

    /** A stream stalls for 30 s after 5 tokens with its connection open: how long until the client has the whole answer. */
    private void stall() throws Exception {
        fleet.control().reset();
        warmUp(true);
        String clean = text(chat(true).body());
        fleet.control().setOffer("one", MODEL, Behaviour.NORMAL.withLatency(200, 20).withStall(5, 30));
        long t0 = System.nanoTime();
        HttpResponse<String> r = chat(true);
        double s = (System.nanoTime() - t0) / 1e9;
        String got = text(r.body());
        boolean done = r.body().strip().endsWith("data: [DONE]");
        System.out.printf(Locale.ROOT, "30 s stall -> whole answer: %.2f s (target <= 12 s; ended cleanly: %s; "
                + "text equals the clean answer: %s)%n", s, done, got.equals(clean));
    }

    private static String text(String sse) throws Exception {
        StringBuilder t = new StringBuilder();
        for (String line : sse.lines().toList()) {
            if (line.startsWith("data: {")) {
                JsonNode n = JSON.readTree(line.substring(6));
                t.append(n.path("choices").path(0).path("delta").path("content").asText(""));
            }
        }
        return t.toString();
    }
}
