package io.healthgate.app;

import io.healthgate.catalog.Protocol;
import io.healthgate.config.AuthConfig;
import io.healthgate.config.HealthgateConfig;
import io.healthgate.simulator.Behaviour;
import io.healthgate.simulator.Fault;
import io.healthgate.simulator.ModelInfo;
import io.healthgate.simulator.Scenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * docs/openapi.yaml against the running gateway: the composition root (store, probes, client keys
 * with {@code auth.protect_health}, an admin key) on a random port in front of the simulated fleet.
 * Every answer, errors included, is validated against the document (status, content type,
 * documented headers, body) by {@link OpenApiDocument}; the last test fails when a documented
 * operation was never exercised, so the document cannot list what the gateway does not serve, and
 * a field renamed in code fails the view's schema ({@code required} + closed objects).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.MethodName.class)
@org.junit.jupiter.api.Timeout(180)
class OpenApiContractTest {
    private static final String CLIENT = "contract-client-key";
    private static final String ADMIN = "contract-admin-key";
    private static final String CHAT_MODEL = "alpha/a";

    private final OpenApiDocument doc = OpenApiDocument.load();
    private final List<String> problems = new ArrayList<>();
    private SimulatedGateway gateway;
    private int maxBodyBytes;

    @BeforeAll
    void start(@TempDir Path dir) {
        Scenario scenario = Scenario.builder().seed(5)
                .gateway("fast", Protocol.OPENAI, "FAST_KEY", "sk-fast")
                .gateway("anth", Protocol.ANTHROPIC, "ANTH_KEY", "sk-anth")
                .gateway("limited", Protocol.OPENAI, "LIMITED_KEY", "sk-limited")
                .gateway("broken", Protocol.OPENAI, "BROKEN_KEY", "sk-broken")
                .gateway("busy", Protocol.ANTHROPIC, "BUSY_KEY", "sk-busy")
                .gateway("keyless", Protocol.OPENAI, "KEYLESS_KEY", "sk-none")
                .offer("fast", CHAT_MODEL, "a")
                .offer("fast", "emb/e", "e")
                .offer("anth", "claude/c", "c")
                .offer("limited", "rl/r", "r", Behaviour.NORMAL.withFault(Fault.RATE_LIMITED).withRetryAfter(30))
                .offer("broken", "down/d", "d", Behaviour.NORMAL.withFault(Fault.SERVER_ERROR))
                .offer("busy", "over/o", "o", Behaviour.NORMAL.withFault(Fault.OVERLOADED))
                .offer("keyless", "zeta/f", "f")
                .model(new ModelInfo("emb/e", "emb", false, 8192, null, List.of(), ModelInfo.EMBEDDING, 8))
                .build();
        HealthgateConfig config = Demo.demoConfig(0, "jdbc:sqlite:" + dir.resolve("health.db"))
                .withAuth(new AuthConfig("HG_KEYS", "HG_ADMIN", true));
        maxBodyBytes = Math.toIntExact(config.server().maxBodyBytes());
        gateway = new SimulatedGateway(scenario, config, env -> {
            env.remove("KEYLESS_KEY");
            env.put("HG_KEYS", CLIENT);
            env.put("HG_ADMIN", ADMIN);
        });
    }

    @AfterAll
    void stop() {
        gateway.close();
    }

    // ------------------------------------------------------------------ front doors

    @Test
    void openAiDoorsAnswerInTheDocumentedShapes() {
        String chat = "{\"model\":\"" + CHAT_MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":8}";
        expect(200, "post", "/v1/chat/completions", post("/v1/chat/completions", chat, client()));
        expect(200, "post", "/v1/chat/completions", post("/v1/chat/completions", chat.replace("}],", "}],\"stream\":true,"), client()));
        expect(200, "post", "/v1/completions",
                post("/v1/completions", "{\"model\":\"" + CHAT_MODEL + "\",\"prompt\":\"say hi\",\"max_tokens\":8}", client()));
        expect(200, "post", "/v1/responses", post("/v1/responses", "{\"model\":\"" + CHAT_MODEL + "\",\"input\":\"hi\"}", client()));
        expect(200, "post", "/v1/responses",
                post("/v1/responses", "{\"model\":\"" + CHAT_MODEL + "\",\"input\":\"hi\",\"stream\":true}", client()));
        expect(200, "post", "/v1/embeddings", post("/v1/embeddings", "{\"model\":\"emb/e\",\"input\":\"hello\"}", client()));
        assertNoProblems();
    }

    @Test
    void openAiDoorErrorsAnswerInTheDocumentedShapes() {
        String chat = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        expect(401, "post", "/v1/chat/completions", post("/v1/chat/completions", chat.formatted(CHAT_MODEL), "authorization", "Bearer wrong"));
        expect(400, "post", "/v1/chat/completions", post("/v1/chat/completions", "{\"model\":", client()));
        expect(400, "post", "/v1/chat/completions", post("/v1/chat/completions", "{\"messages\":[]}", client()));
        expect(404, "post", "/v1/chat/completions", post("/v1/chat/completions", chat.formatted("no/such-model"), client()));
        expect(415, "post", "/v1/chat/completions", send(HttpRequest.newBuilder(uri("/v1/chat/completions"))
                .header("authorization", "Bearer " + CLIENT).header("content-type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hi"))));
        expect(413, "post", "/v1/chat/completions", post("/v1/chat/completions",
                chat.formatted(CHAT_MODEL).replace("hi", "x".repeat(maxBodyBytes + 1)), client()));
        expect(429, "post", "/v1/chat/completions", post("/v1/chat/completions", chat.formatted("rl/r"), client()));
        expect(502, "post", "/v1/chat/completions", post("/v1/chat/completions", chat.formatted("down/d"), client()));
        expect(503, "post", "/v1/chat/completions", post("/v1/chat/completions", chat.formatted("over/o"), client()));
        expect(400, "post", "/v1/embeddings", post("/v1/embeddings", "{\"model\":\"" + CHAT_MODEL + "\",\"input\":\"x\"}", client()));
        expect(404, "post", "/v1/responses", post("/v1/responses",
                "{\"model\":\"" + CHAT_MODEL + "\",\"input\":\"hi\",\"previous_response_id\":\"resp_unknown\"}", client()));
        expect(400, "post", "/v1/completions", post("/v1/completions", "{\"model\":\"" + CHAT_MODEL + "\",\"prompt\":[1,2]}", client()));
        assertNoProblems();
    }

    @Test
    void anthropicDoorsAnswerInTheDocumentedShapes() {
        String msg = "{\"model\":\"%s\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        expect(200, "post", "/v1/messages", post("/v1/messages", msg.formatted("claude/c"), anthropic()));
        expect(200, "post", "/v1/messages", post("/v1/messages", msg.formatted(CHAT_MODEL).replace("8,", "8,\"stream\":true,"), anthropic()));
        expect(401, "post", "/v1/messages", post("/v1/messages", msg.formatted("claude/c"), "x-api-key", "wrong", "anthropic-version", "2023-06-01"));
        expect(400, "post", "/v1/messages", post("/v1/messages", "[]", anthropic()));
        expect(404, "post", "/v1/messages", post("/v1/messages", msg.formatted("no/such"), anthropic()));
        expect(529, "post", "/v1/messages", post("/v1/messages", msg.formatted("over/o"), anthropic()));
        expect(502, "post", "/v1/messages", post("/v1/messages", msg.formatted("down/d"), anthropic()));
        expect(429, "post", "/v1/messages", post("/v1/messages", msg.formatted("rl/r"), anthropic()));
        expect(413, "post", "/v1/messages", post("/v1/messages", msg.formatted("claude/c").replace("hi", "x".repeat(maxBodyBytes + 1)), anthropic()));
        expect(415, "post", "/v1/messages", send(HttpRequest.newBuilder(uri("/v1/messages"))
                .header("x-api-key", CLIENT).header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("model=claude/c"))));

        String count = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"hi there\"}]}";
        expect(200, "post", "/v1/messages/count_tokens", post("/v1/messages/count_tokens", count.formatted("claude/c"), anthropic()));
        expect(200, "post", "/v1/messages/count_tokens", post("/v1/messages/count_tokens", count.formatted(CHAT_MODEL), anthropic()));
        expect(400, "post", "/v1/messages/count_tokens", post("/v1/messages/count_tokens", "{\"model\":\"claude/c\"}", anthropic()));
        expect(404, "post", "/v1/messages/count_tokens", post("/v1/messages/count_tokens", count.formatted("no/such"), anthropic()));
        expect(401, "post", "/v1/messages/count_tokens", post("/v1/messages/count_tokens", count.formatted("claude/c"), "content-type", "application/json"));
        assertNoProblems();
    }

    @Test
    void modelsListAnswersInBothShapes() {
        expect(200, "get", "/v1/models", get("/v1/models", "authorization", "Bearer " + CLIENT));
        expect(200, "get", "/v1/models", get("/v1/models?all=true", "x-api-key", CLIENT, "anthropic-version", "2023-06-01"));
        expect(401, "get", "/v1/models", get("/v1/models"));
        expect(401, "get", "/v1/models", get("/v1/models", "anthropic-version", "2023-06-01"));
        expect(200, "get", "/v1/models/{id}", get("/v1/models/" + CHAT_MODEL, "authorization", "Bearer " + CLIENT));
        expect(200, "get", "/v1/models/{id}", get("/v1/models/claude/c", "x-api-key", CLIENT, "anthropic-version", "2023-06-01"));
        expect(404, "get", "/v1/models/{id}", get("/v1/models/no/such", "authorization", "Bearer " + CLIENT));
        expect(401, "get", "/v1/models/{id}", get("/v1/models/" + CHAT_MODEL));
        expect(404, "get", "/{unknown}", get("/no-such-route"));
        expect(404, "get", "/{unknown}", get("/v1/messages/nope", "anthropic-version", "2023-06-01"));
        expect(405, "get", "/{unknown}", get("/v1/chat/completions", "authorization", "Bearer " + CLIENT));
        assertNoProblems();
    }

    // ------------------------------------------------------------------ health views

    @Test
    void healthViewsAnswerInTheDocumentedShapes() {
        // Traffic first, so the views carry offers of every kind: healthy, unhealthy, throttled, unconfigured.
        String chat = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        for (String m : List.of(CHAT_MODEL, "claude/c", "down/d", "down/d", "down/d", "rl/r", "over/o")) {
            post("/v1/chat/completions", chat.formatted(m), client());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/health/system", view()).body().contains("\"health_percentage\":") 
                && !get("/health/system", view()).body().contains("\"health_percentage\":null"));
        expect(200, "get", "/health", get("/health"));
        expect(200, "get", "/health/ready", get("/health/ready"));
        expect(200, "get", "/health/system", get("/health/system", view()));
        expect(401, "get", "/health/system", get("/health/system"));
        expect(200, "get", "/health/models", get("/health/models", view()));
        expect(200, "get", "/health/models", get("/health/models?status=unhealthy&gateway=broken", view()));
        expect(400, "get", "/health/models", get("/health/models?status=nonsense", view()));
        expect(400, "get", "/health/models", get("/health/models?gateway=nonsense", view()));
        expect(400, "get", "/health/models", get("/health/models?model=no/such", view()));
        expect(200, "get", "/health/models/{model}", get("/health/models/" + CHAT_MODEL, view()));
        expect(200, "get", "/health/models/{model}", get("/health/models/down/d", view()));
        expect(404, "get", "/health/models/{model}", get("/health/models/no/such", view()));
        expect(400, "get", "/health/models/{model}", get("/health/models/%20", view()));
        expect(200, "get", "/health/providers", get("/health/providers", view()));
        expect(200, "get", "/health/gateways", get("/health/gateways", view()));
        expect(200, "get", "/health/dashboard", get("/health/dashboard", view()));
        expect(200, "get", "/health/history", get("/health/history?hours=2", view()));
        expect(400, "get", "/health/history", get("/health/history?hours=9999", view()));
        expect(200, "get", "/health/sla", get("/health/sla?window=24h", view()));
        expect(200, "get", "/health/sla", get("/health/sla?window=1h&gateway=broken", view()));
        expect(400, "get", "/health/sla", get("/health/sla?window=forever", view()));
        expect(400, "get", "/health/sla", get("/health/sla?model=no/such", view()));
        expect(200, "get", "/dashboard", get("/dashboard"));
        expect(200, "get", "/metrics", get("/metrics", view()));
        expect(401, "get", "/metrics", get("/metrics"));
        assertNoProblems();
    }

    // ------------------------------------------------------------------ admin

    @Test
    void adminEndpointsAnswerInTheDocumentedShapes() {
        expect(401, "post", "/admin/routing", post("/admin/routing", "{\"health_aware\":true}", "content-type", "application/json"));
        expect(400, "post", "/admin/routing", post("/admin/routing", "{\"health_aware\":\"yes\"}", admin()));
        expect(400, "post", "/admin/routing", post("/admin/routing", "not json", admin()));
        expect(200, "post", "/admin/routing", post("/admin/routing", "{\"health_aware\":true}", admin()));
        expect(413, "post", "/admin/routing", post("/admin/routing", "{\"x\":\"" + "y".repeat(70 * 1024) + "\"}", admin()));
        expect(200, "post", "/admin/probe", post("/admin/probe", "{\"gateway\":\"fast\"}", admin()));
        expect(200, "post", "/admin/probe", post("/admin/probe", "{\"gateway\":\"keyless\"}", admin()));
        expect(400, "post", "/admin/probe", post("/admin/probe", "{\"gateway\":\"fast\",\"model\":\"alpha/a\"}", admin()));
        expect(404, "post", "/admin/probe", post("/admin/probe", "{\"model\":\"no/such\"}", admin()));
        expect(200, "post", "/admin/tier", post("/admin/tier", "{\"model\":\"" + CHAT_MODEL + "\",\"tier\":\"critical\"}", admin()));
        expect(200, "post", "/admin/tier", post("/admin/tier", "{\"model\":\"" + CHAT_MODEL + "\",\"tier\":null}", admin()));
        expect(400, "post", "/admin/tier", post("/admin/tier", "{\"model\":\"" + CHAT_MODEL + "\",\"tier\":\"gold\"}", admin()));
        expect(404, "post", "/admin/tier", post("/admin/tier", "{\"model\":\"no/such\",\"tier\":\"critical\"}", admin()));
        // This gateway was built from a config object, not a file: it cannot reload (501).
        HttpResponse<String> reload = post("/admin/reload", "", admin());
        expect(reload.statusCode() == 200 ? 200 : 501, "post", "/admin/reload", reload);
        expect(404, "get", "/admin/{other}", get("/admin/nothing", "authorization", "Bearer " + ADMIN));
        expect(401, "get", "/admin/{other}", get("/admin/nothing"));
        assertNoProblems();
    }

    @Test
    void aFreshGatewayWithoutAnAdminKeyAnswersInTheDocumentedShapes(@TempDir Path dir) {
        Scenario one = Scenario.builder().seed(6).gateway("fast", Protocol.OPENAI, "FAST_KEY", "sk-fast").offer("fast", CHAT_MODEL, "a").build();
        HealthgateConfig noAdmin = Demo.demoConfig(0, "jdbc:sqlite:" + dir.resolve("fresh.db")).withAuth(new AuthConfig("HG_KEYS", "HG_ADMIN", false));
        try (SimulatedGateway open = new SimulatedGateway(one, noAdmin, env -> env.remove("HG_ADMIN"))) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(open.baseUrl() + "/admin/routing"))
                    .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"health_aware\":false}")));
            expect(403, "post", "/admin/routing", r);
            expect(403, "get", "/admin/{other}", send(HttpRequest.newBuilder(URI.create(open.baseUrl() + "/admin/anything")).GET()));
            // Nothing known yet: the null cases (health_percentage, the "not yet available" message).
            expect(200, "get", "/health/system", send(HttpRequest.newBuilder(URI.create(open.baseUrl() + "/health/system")).GET()));
            expect(200, "get", "/health/ready", send(HttpRequest.newBuilder(URI.create(open.baseUrl() + "/health/ready")).GET()));
            expect(200, "get", "/health/history", send(HttpRequest.newBuilder(URI.create(open.baseUrl() + "/health/history")).GET()));
            expect(200, "get", "/health/dashboard", send(HttpRequest.newBuilder(URI.create(open.baseUrl() + "/health/dashboard")).GET()));
            expect(200, "get", "/health/sla", send(HttpRequest.newBuilder(URI.create(open.baseUrl() + "/health/sla")).GET()));
        }
        assertNoProblems();
    }

    /** Last by name (the class runs its methods in name order, on one instance, so the others have run). */
    @Test
    void zzEveryDocumentedOperationWasExercised() {
        Set<String> missing = new TreeSet<>(doc.operations());
        missing.removeAll(doc.exercised());
        assertThat(missing).as("documented operations no test exercised").isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    private void expect(int status, String method, String pathTemplate, HttpResponse<String> r) {
        if (r.statusCode() != status) {
            problems.add(method.toUpperCase() + " " + r.uri().getPath() + ": expected " + status + ", got " + r.statusCode() + " " + abbreviate(r.body()));
        }
        problems.addAll(doc.problems(method, pathTemplate, r));
    }

    private void assertNoProblems() {
        List<String> found = List.copyOf(problems);
        problems.clear();
        assertThat(found).as("answers that do not match docs/openapi.yaml").isEmpty();
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private static String[] client() {
        return new String[] {"authorization", "Bearer " + CLIENT, "content-type", "application/json"};
    }

    private static String[] anthropic() {
        return new String[] {"x-api-key", CLIENT, "anthropic-version", "2023-06-01", "content-type", "application/json"};
    }

    private static String[] admin() {
        return new String[] {"authorization", "Bearer " + ADMIN, "content-type", "application/json"};
    }

    private static String[] view() {
        return new String[] {"authorization", "Bearer " + CLIENT};
    }

    private URI uri(String path) {
        return URI.create(gateway.baseUrl() + path);
    }

    private HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b);
    }

    private HttpResponse<String> post(String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return gateway.http.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("request failed: " + e, e);
        }
    }
}
