package io.healthgate.providers;

import io.healthgate.audit.Verification;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Protocol;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The verifier against a tiny server on 127.0.0.1 that knows one good key per protocol. */
class ModelsListKeyVerifierTest {
    private static final String GOOD = "sk-good-0123456789abcdefghij";
    // Generous: the machine may be busy; only the hang test relies on a timeout firing.
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** About 400 KB of models, like an aggregator's list. */
    private static final String BIG_LIST = String.join(",", java.util.Collections.nCopies(4000,
            "{\"id\":\"vendor/some-model-name-with-a-long-id\",\"object\":\"model\",\"owned_by\":\"vendor\"}"));

    private static Vertx vertx;
    private static HttpServer server;
    private static ModelsListKeyVerifier verifier;
    private static final List<Map<String, String>> seen = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(ModelsListKeyVerifierTest::handle)
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        verifier = new ModelsListKeyVerifier(vertx);
    }

    private static void handle(HttpServerRequest req) {
        seen.add(Map.of("path", req.path(),
                "authorization", String.valueOf(req.getHeader("Authorization")),
                "x-api-key", String.valueOf(req.getHeader("x-api-key")),
                "anthropic-version", String.valueOf(req.getHeader("anthropic-version")),
                "x-title", String.valueOf(req.getHeader("X-Title"))));
        switch (req.path()) {
            case "/openai/v1/models" -> req.response().setStatusCode(("Bearer " + GOOD).equals(req.getHeader("Authorization")) ? 200 : 401)
                    .end("{\"object\":\"list\",\"data\":[]}");
            case "/anthropic/v1/models" -> req.response().setStatusCode(GOOD.equals(req.getHeader("x-api-key"))
                    && "2023-06-01".equals(req.getHeader("anthropic-version")) ? 200 : 401).end("{}");
            case "/big/models" -> req.response().setChunked(true).setStatusCode(200).end("{\"object\":\"list\",\"data\":[" + BIG_LIST + "]}");
            case "/forbidden/models" -> req.response().setStatusCode(403).end();
            case "/broken/models" -> req.response().setStatusCode(503).end();
            case "/hang/models" -> { /* never answers */ }
            default -> req.response().setStatusCode(404).end();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        verifier.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static Gateway gateway(String path, Protocol protocol) {
        String base = "http://127.0.0.1:" + server.actualPort();
        return new Gateway("t", "T", base + "/v1", base + path, protocol, "T_KEY", true, "", "",
                Map.of("X-Title", "Healthgate"), 0, false);
    }

    private static Verification verify(Gateway g, String key, Duration timeout) throws Exception {
        return verifier.verify(g, key, timeout).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void openAiKeyIsSentAsBearerAndAcceptedIsValid() throws Exception {
        Gateway g = gateway("/openai/v1/models", Protocol.OPENAI);
        assertThat(verify(g, GOOD, TIMEOUT).result()).isEqualTo(Verification.Result.VALID);
        assertThat(seen).anySatisfy(h -> {
            assertThat(h).containsEntry("authorization", "Bearer " + GOOD).containsEntry("x-title", "Healthgate");
        });
        Verification bad = verify(g, "sk-wrong-0123456789", TIMEOUT);
        assertThat(bad.result()).isEqualTo(Verification.Result.REJECTED);
        assertThat(bad.detail()).isEqualTo("HTTP 401").doesNotContain("sk-");
    }

    @Test
    void anthropicKeyIsSentAsXApiKeyWithTheVersionHeader() throws Exception {
        Gateway g = gateway("/anthropic/v1/models", Protocol.ANTHROPIC);
        assertThat(verify(g, GOOD, TIMEOUT).result()).isEqualTo(Verification.Result.VALID);
        assertThat(verify(g, "nope-0123456789", TIMEOUT).result()).isEqualTo(Verification.Result.REJECTED);
        assertThat(seen).filteredOn(h -> h.get("path").startsWith("/anthropic")).allSatisfy(h ->
                assertThat(h).containsEntry("authorization", "null").containsEntry("anthropic-version", "2023-06-01"));
    }

    /**
     * A canary checks a gateway's list every minute, so a check must never fail on its own: many
     * checks in a row and at once, of a tiny list (read whole before the drop) and a large one
     * (dropped after the status line), each answer valid. (A day-long accuracy run once saw one
     * fail with an IllegalStateException while the fleet was up, which made the gateway suspect.)
     */
    @Test
    void manyChecksInARowAndAtOnceAreEachValid() throws Exception {
        for (String path : List.of("/openai/v1/models", "/big/models")) {
            Gateway g = gateway(path, Protocol.OPENAI);
            for (int round = 0; round < 20; round++) {
                List<java.util.concurrent.CompletableFuture<Verification>> batch = new java.util.ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    batch.add(verifier.verify(g, GOOD, TIMEOUT).toCompletableFuture());
                }
                for (java.util.concurrent.CompletableFuture<Verification> f : batch) {
                    assertThat(f.get(30, TimeUnit.SECONDS)).as(path + ", round " + round).isEqualTo(Verification.valid("HTTP 200"));
                }
            }
        }
    }

    @Test
    void forbiddenIsRejectedAndServerErrorIsUnreachable() throws Exception {
        assertThat(verify(gateway("/forbidden/models", Protocol.OPENAI), GOOD, TIMEOUT))
                .isEqualTo(Verification.rejected("HTTP 403"));
        assertThat(verify(gateway("/broken/models", Protocol.OPENAI), GOOD, TIMEOUT))
                .isEqualTo(Verification.unreachable("HTTP 503"));
    }

    @Test
    void refusedConnectionIsUnreachable() throws Exception {
        HttpServer closed = vertx.createHttpServer().requestHandler(r -> r.response().end())
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        int port = closed.actualPort();
        closed.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        Gateway g = new Gateway("t", "T", "http://127.0.0.1:" + port + "/v1", "http://127.0.0.1:" + port + "/v1/models",
                Protocol.OPENAI, "T_KEY", true, "", "", Map.of(), 0, false);
        Verification v = verify(g, GOOD, TIMEOUT);
        assertThat(v.result()).isEqualTo(Verification.Result.UNREACHABLE);
        assertThat(v.detail()).doesNotContain(GOOD);
    }

    @Test
    void aGatewayThatNeverAnswersIsUnreachableWithinTheTimeout() throws Exception {
        Verification v = verify(gateway("/hang/models", Protocol.OPENAI), GOOD, Duration.ofMillis(300));
        assertThat(v).isEqualTo(Verification.unreachable("no answer within the timeout"));
    }

    @Test
    void aGatewayWithoutAModelsListIsUnverifiable() throws Exception {
        Gateway g = new Gateway("t", "T", "http://127.0.0.1:1/v1", "", Protocol.OPENAI, "T_KEY", true, "", "", Map.of(), 0, false);
        assertThat(verify(g, GOOD, TIMEOUT).result()).isEqualTo(Verification.Result.UNVERIFIABLE);
    }
}
