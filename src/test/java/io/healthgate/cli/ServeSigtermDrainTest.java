package io.healthgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthgate.catalog.Protocol;
import io.healthgate.simulator.Behaviour;
import io.healthgate.simulator.Scenario;
import io.healthgate.simulator.SimulatedFleet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code serve} as a real process on the simulated fleet, stopped by SIGTERM (what
 * {@link Process#destroy} sends) with two streams open: readiness turns 503 at once, new requests
 * at both doors get a 503 in their door's shape with {@code retry-after}, the short stream
 * finishes within the grace, the long one ends with an error event at the grace's end, and the
 * process exits 0.
 */
@Timeout(180)
class ServeSigtermDrainTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int GRACE_SECONDS = 6;
    /** Between streamed chunks: the shortest answer (12 chunks) outlasts the grace. */
    private static final long CHUNK_MS = 800;

    @TempDir
    Path dir;

    @Test
    void sigtermDrainsRefusesNewWorkInTheDoorsShapeEndsLeftoverStreamsWithAnErrorEventAndExitsZero() throws Exception {
        Scenario slow = Scenario.builder().seed(3)
                .gateway("slow", Protocol.OPENAI, "SLOW_API_KEY", "sim-slow-key")
                .gatewayBehaviour("slow", Behaviour.NORMAL.withLatency(0, CHUNK_MS))
                .offer("slow", "acme/chat", "slow-chat")
                .build();
        try (SimulatedFleet fleet = SimulatedFleet.start(null, slow, 0)) {
            Path config = dir.resolve("healthgate.yaml");
            Files.writeString(config, """
                    server: { host: 127.0.0.1, shutdown_grace_seconds: %d }
                    storage: { url: "jdbc:sqlite:%s" }
                    monitoring: { enabled: false }
                    gateways:
                      - { name: slow, base_url: "%s", protocol: openai, api_key_env: SLOW_API_KEY }
                    models:
                      - id: acme/chat
                        provider: acme
                        offers:
                          - { gateway: slow, model: slow-chat }
                    """.formatted(GRACE_SECONDS, dir.resolve("drain.db"), fleet.gatewayBaseUrl("slow")));
            Path log = dir.resolve("serve.log");
            String java = ProcessHandle.current().info().command().orElse("java");
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            ProcessBuilder pb = new ProcessBuilder(java, "-cp", cp, "io.healthgate.cli.Main", "serve", "--config", config.toString(),
                    "--port", "0").directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("SLOW_API_KEY", "sim-slow-key");
            pb.environment().remove("HEALTHGATE_API_KEYS");
            Process serve = pb.start();
            try {
                String base = awaitServing(serve, log);
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

                List<String> shortLines = new CopyOnWriteArrayList<>();
                List<String> longLines = new CopyOnWriteArrayList<>();
                CompletableFuture<Void> shortStream = stream(http, base, 2, shortLines);
                CompletableFuture<Void> longStream = stream(http, base, 0, longLines);
                await().atMost(Duration.ofSeconds(30)).until(() -> longLines.stream().anyMatch(l -> l.startsWith("data:"))
                        && shortLines.stream().anyMatch(l -> l.startsWith("data:")));

                serve.destroy(); // SIGTERM

                await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> get(http, base + "/health/ready").statusCode() == 503);
                HttpResponse<String> ready = get(http, base + "/health/ready");
                assertThat(JSON.readTree(ready.body()).path("status").asText()).isEqualTo("draining");

                HttpResponse<String> openAi = post(http, base + "/v1/chat/completions",
                        "{\"model\":\"acme/chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
                assertThat(openAi.statusCode()).as(openAi.body()).isEqualTo(503);
                assertThat(openAi.headers().firstValue("retry-after")).isPresent();
                JsonNode oe = JSON.readTree(openAi.body()).path("error");
                assertThat(oe.path("message").asText()).contains("shutting down");
                assertThat(oe.path("type").asText()).isNotBlank();

                HttpResponse<String> anthropic = post(http, base + "/v1/messages",
                        "{\"model\":\"acme/chat\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
                assertThat(anthropic.statusCode()).as(anthropic.body()).isEqualTo(503);
                assertThat(anthropic.headers().firstValue("retry-after")).isPresent();
                JsonNode ae = JSON.readTree(anthropic.body());
                assertThat(ae.path("type").asText()).isEqualTo("error");
                assertThat(ae.path("error").path("message").asText()).contains("shutting down");

                ended(shortStream, log);
                assertThat(shortLines).as("the stream under way finishes within the grace").contains("data: [DONE]");

                ended(longStream, log);
                assertThat(longLines).as("a stream still open at the grace's end gets an error event, then the end")
                        .noneMatch(l -> l.equals("data: [DONE]"))
                        .anyMatch(l -> l.startsWith("data: {\"error\"") && l.contains("shutting down"));

                assertThat(serve.waitFor(60, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
                assertThat(serve.exitValue()).as("a drained SIGTERM is a clean stop; log:%n%s", Files.readString(log)).isZero();
            } finally {
                if (serve.isAlive()) {
                    serve.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** Waits for a stream's body to end; a cut connection fails with the gateway's log. */
    private static void ended(CompletableFuture<Void> stream, Path log) throws Exception {
        try {
            stream.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("the stream was cut instead of ended: " + e.getCause() + "; log:\n" + Files.readString(log), e);
        }
    }

    private static String awaitServing(Process serve, Path log) {
        Pattern serving = Pattern.compile("healthgate serving on (http://127\\.0\\.0\\.1:\\d+)");
        String[] base = new String[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertThat(serve.isAlive()).as(Files.readString(log)).isTrue();
            Matcher m = serving.matcher(Files.readString(log));
            return m.find() && (base[0] = m.group(1)) != null;
        });
        return base[0];
    }

    /** A streamed chat request whose lines are collected as they arrive; completes when the body ends. */
    private static CompletableFuture<Void> stream(HttpClient http, String base, int maxTokens, List<String> lines) {
        String body = "{\"model\":\"acme/chat\",\"stream\":true," + (maxTokens > 0 ? "\"max_tokens\":" + maxTokens + "," : "")
                + "\"messages\":[{\"role\":\"user\",\"content\":\"tell me\"}]}";
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofLines())
                .thenAccept(r -> r.body().forEach(lines::add));
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(HttpClient http, String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
