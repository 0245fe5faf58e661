package io.healthgate.app;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Model;
import io.healthgate.catalog.Offer;
import io.healthgate.catalog.Protocol;
import io.healthgate.health.Outcome;
import io.healthgate.proxy.ProxySettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;

/**
 * The real gateway, in process on a random port, in front of a {@link FakeUpstream}: two OpenAI
 * gateways (alpha, beta), one Anthropic gateway (claude) and one without a key (nokey).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GatewayFixture {
    static final String CLIENT_KEY = "client-key-1";
    static final Map<String, String> ENV = Map.of(
            "ALPHA_KEY", "sk-alpha-secret",
            "BETA_KEY", "sk-beta-secret",
            "CLAUDE_KEY", "sk-ant-secret",
            "HG_KEYS", "other-key," + CLIENT_KEY);

    FakeUpstream upstream;
    Healthgate gateway;
    final List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Small limits keep the timeout tests quick. */
    ProxySettings proxySettings() {
        return ProxySettings.defaults().withMaxAttempts(3)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(1500), Duration.ofMillis(800));
    }

    @BeforeAll
    void startGateway() {
        upstream = new FakeUpstream();
        Gateway alpha = Gateway.of("alpha", upstream.base("alpha"), Protocol.OPENAI, "ALPHA_KEY");
        Gateway beta = Gateway.of("beta", upstream.base("beta"), Protocol.OPENAI, "BETA_KEY");
        Gateway claude = Gateway.of("claude", upstream.base("claude"), Protocol.ANTHROPIC, "CLAUDE_KEY");
        Gateway nokey = Gateway.of("nokey", upstream.base("nokey"), Protocol.OPENAI, "NOKEY_KEY");
        Catalog catalog = new Catalog(List.of(alpha, beta, claude, nokey), List.of(
                new Model("acme/chat", "acme", Optional.empty(), false, 0, List.of("chat"),
                        List.of(new Offer("alpha", "acme/chat", "alpha-chat"), new Offer("beta", "acme/chat", "beta-chat"))),
                new Model("acme/claude", "acme", Optional.empty(), false, 0, List.of(),
                        List.of(new Offer("claude", "acme/claude", "claude-up"))),
                new Model("acme/orphan", "acme", Optional.empty(), false, 0, List.of(),
                        List.of(new Offer("nokey", "acme/orphan", "orphan-up")))));
        Healthgate.Settings settings = new Healthgate.Settings(Optional.empty(), 0, 64 * 1024, Duration.ofSeconds(3), "HG_KEYS",
                false, proxySettings(), io.healthgate.providers.http.UpstreamClient.Options.defaults(), 2);
        gateway = Healthgate.create(settings, catalog, ENV, Clock.systemUTC()).start();
        // These tests are about the front doors and the relay, and each expects the catalog's first
        // offer to be tried first. One gateway serves the whole class, so health-aware ranking would
        // carry one test's failures into the next; plain ordered failover (the rollback mode) keeps
        // every test independent. Health-aware routing has its own tests (HealthAwareRoutingTest).
        gateway.routingSwitch().set(io.healthgate.routing.RoutingMode.ORDERED);
        gateway.outcomes().subscribe(outcomes::add);
    }

    @BeforeEach
    void resetUpstream() {
        upstream.reset();
        outcomes.clear();
    }

    @AfterAll
    void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    HttpResponse<String> post(String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).timeout(Duration.ofSeconds(10)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("request failed: " + e, e);
        }
    }

    /** Waits (bounded) until {@code n} outcomes were published, then returns them. */
    List<Outcome> awaitOutcomes(int n) {
        await().atMost(Duration.ofSeconds(5)).until(() -> outcomes.size() >= n);
        return List.copyOf(outcomes);
    }

    static String[] auth(String... more) {
        String[] h = new String[more.length + 4];
        h[0] = "authorization";
        h[1] = "Bearer " + CLIENT_KEY;
        h[2] = "content-type";
        h[3] = "application/json";
        System.arraycopy(more, 0, h, 4, more.length);
        return h;
    }

    static final String CHAT = "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
}
