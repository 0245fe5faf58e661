package io.healthgate.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthgate.catalog.Protocol;
import io.healthgate.simulator.Behaviour;
import io.healthgate.simulator.Scenario;
import io.healthgate.simulator.SimulatedFleet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static io.healthgate.support.TestFleets.LLAMA;
import static io.healthgate.support.TestFleets.QWEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /admin/reload} in the real gateway started from a YAML file whose own gateways point
 * at the simulated fleet: the file is rewritten, reload swaps the catalog everywhere without a
 * restart, a broken file changes nothing, and a stream under way finishes on the catalog it began with.
 */
@Timeout(60)
class ReloadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "reload-admin-key";
    private static final String SLOW = "acme/slow-stream";
    private static final int SLOW_TOKENS = 10;
    private static final long SLOW_CHUNK_MS = 150;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private SimulatedFleet fleet;
    private Healthgate gateway;
    private Path file;
    private Path dir;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        this.dir = dir;
        Scenario scenario = Scenario.builder().seed(3)
                .gateway("groq", Protocol.OPENAI, "GROQ_API_KEY", "sim-fake-groq")
                .gateway("together", Protocol.OPENAI, "TOGETHER_API_KEY", "sim-fake-together")
                .offer("groq", LLAMA, "llama-3.3-70b-versatile")
                .offer("groq", SLOW, "slow-1", Behaviour.NORMAL.withLatency(0, SLOW_CHUNK_MS))
                .offer("together", QWEN, "Qwen/Qwen2.5-72B-Instruct-Turbo")
                .build();
        fleet = SimulatedFleet.start(null, scenario, 0);
        Map<String, String> env = new HashMap<>(fleet.demoEnvironment());
        env.put("HG_ADMIN", ADMIN);
        file = dir.resolve("healthgate.yaml");
        write(config(List.of(llamaOnGroq(), slowOnGroq()), ""));
        gateway = Healthgate.fromConfigFile(Optional.of(file), env, Clock.systemUTC()).start();
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        fleet.close();
        http.close();
    }

    @Test
    void aModelAddedToTheFileIsServedAfterReloadWithoutARestart() throws Exception {
        assertThat(chat(QWEN).statusCode()).isEqualTo(404);
        assertThat(modelIds()).containsExactlyInAnyOrder(LLAMA, SLOW);
        int port = gateway.port();

        write(config(List.of(llamaOnGroq(), slowOnGroq(), qwenOnTogether()), "routing: { max_attempts: 2 }\n"));
        assertThat(post("/admin/reload", false).statusCode()).as("without the admin key").isEqualTo(401);
        HttpResponse<String> reload = post("/admin/reload", true);

        assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
        JsonNode r = JSON.readTree(reload.body());
        assertThat(r.get("reloaded").asBoolean()).isTrue();
        assertThat(r.get("gateways").asInt()).isEqualTo(2);
        assertThat(r.get("models").asInt()).isEqualTo(3);
        assertThat(r.get("added_offers").toString()).isEqualTo("[{\"gateway\":\"together\",\"model\":\"" + QWEN + "\"}]");
        assertThat(r.get("removed_offers")).isEmpty();
        assertThat(r.get("restart_required").toString()).isEqualTo("[\"routing.max_attempts\"]");

        HttpResponse<String> served = chat(QWEN);
        assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
        assertThat(served.headers().firstValue("x-healthgate-gateway")).hasValue("together");
        assertThat(gateway.port()).isEqualTo(port);
        assertThat(modelIds()).containsExactlyInAnyOrder(LLAMA, SLOW, QWEN);
        JsonNode health = get("/health/models?model=" + QWEN);
        assertThat(health.get("count").asInt()).isEqualTo(1);
        assertThat(health.get("models").get(0).get("gateway").asText()).isEqualTo("together");
        // The request's outcome is counted for the new offer once the next snapshot is built.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(get("/health/models?model=" + QWEN).get("models").get(0).get("call_count").asInt()).isEqualTo(1));
        assertThat(get("/health/system").get("catalog_models").asInt()).isEqualTo(3);
    }

    @Test
    void aBrokenFileIsRejectedWithEveryProblemAndTheRunningConfigKeepsServing() throws Exception {
        String broken = config(List.of(llamaOnGroq(), qwenOnTogether().replace("gateway: together", "gateway: togther")), "")
                .replace("port: 0", "port: eighty");
        write(broken);

        HttpResponse<String> reload = post("/admin/reload", true);

        assertThat(reload.statusCode()).as(reload.body()).isEqualTo(400);
        JsonNode r = JSON.readTree(reload.body());
        assertThat(r.get("reloaded").asBoolean()).isFalse();
        List<String> problems = new ArrayList<>();
        r.get("problems").forEach(p -> problems.add(p.asText()));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("server.port").contains("eighty"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains(".gateway").contains("togther").contains("did you mean \"together\""));
        assertThat(problems).allSatisfy(p -> assertThat(p).startsWith(file.toString()));

        assertThat(chat(LLAMA).statusCode()).isEqualTo(200);
        assertThat(chat(SLOW).statusCode()).as("the old catalog still serves the model the broken file dropped").isEqualTo(200);
        assertThat(chat(QWEN).statusCode()).isEqualTo(404);
        assertThat(modelIds()).containsExactlyInAnyOrder(LLAMA, SLOW);
    }

    @Test
    void aStreamStartedBeforeAReloadFinishesOnTheCatalogItStartedWith() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + SLOW + "\",\"stream\":true,\"max_tokens\":" + SLOW_TOKENS
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build();
        HttpResponse<Stream<String>> stream = http.send(req, HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        List<String> before = new ArrayList<>();
        List<String> after = new ArrayList<>();
        try (Stream<String> lines = stream.body()) {
            Iterator<String> it = lines.filter(l -> l.startsWith("data:")).iterator();
            before.add(it.next());

            // The file drops the model being streamed (and its only offer) while the stream runs.
            write(config(List.of(llamaOnGroq()), ""));
            HttpResponse<String> reload = post("/admin/reload", true);
            assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
            assertThat(JSON.readTree(reload.body()).get("removed_offers").toString())
                    .isEqualTo("[{\"gateway\":\"groq\",\"model\":\"" + SLOW + "\"}]");
            assertThat(chat(SLOW).statusCode()).as("a new request sees the new catalog").isEqualTo(404);

            it.forEachRemaining(after::add);
        }
        List<String> content = new ArrayList<>(before);
        content.addAll(after);
        assertThat(after).as("chunks relayed after the reload answered").hasSizeGreaterThan(2);
        assertThat(content).noneMatch(l -> l.contains("\"error\""));
        assertThat(content.stream().filter(l -> l.contains("\"content\"") && !l.contains("\"content\":\"\"")).count())
                .as("every token of the answer").isEqualTo(SLOW_TOKENS);
        assertThat(content.get(content.size() - 1)).isEqualTo("data: [DONE]");
    }

    // ---- the file ----

    private String config(List<String> models, String extra) {
        return """
                server: { host: 127.0.0.1, port: 0, shutdown_grace_seconds: 1 }
                auth: { admin_key_env: HG_ADMIN }
                storage: { url: "jdbc:sqlite:%s" }
                monitoring: { enabled: false }
                gateways:
                  - { name: groq, base_url: "%s", protocol: openai, api_key_env: GROQ_API_KEY }
                  - { name: together, base_url: "%s", protocol: openai, api_key_env: TOGETHER_API_KEY }
                models:
                """.formatted(dir.resolve("health.db"), fleet.gatewayBaseUrl("groq"), fleet.gatewayBaseUrl("together"))
                + String.join("", models) + extra;
    }

    private static String llamaOnGroq() {
        return "  - { id: " + LLAMA + ", provider: meta-llama, offers: [{ gateway: groq, model: llama-3.3-70b-versatile }] }\n";
    }

    private static String slowOnGroq() {
        return "  - { id: " + SLOW + ", provider: acme, offers: [{ gateway: groq, model: slow-1 }] }\n";
    }

    private static String qwenOnTogether() {
        return "  - { id: " + QWEN + ", provider: qwen, offers: [{ gateway: together, model: Qwen/Qwen2.5-72B-Instruct-Turbo }] }\n";
    }

    private void write(String yaml) throws Exception {
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
    }

    // ---- HTTP ----

    private HttpResponse<String> chat(String model) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions")).timeout(Duration.ofSeconds(10))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"max_tokens\":4,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, boolean admin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (admin) {
            b.header("authorization", "Bearer " + ADMIN);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private List<String> modelIds() throws Exception {
        List<String> ids = new ArrayList<>();
        get("/v1/models").get("data").forEach(m -> ids.add(m.get("id").asText()));
        return ids;
    }
}
