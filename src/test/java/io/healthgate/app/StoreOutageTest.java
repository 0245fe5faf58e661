package io.healthgate.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthgate.catalog.Protocol;
import io.healthgate.config.HealthgateConfig;
import io.healthgate.config.StorageConfig;
import io.healthgate.health.StoreLink;
import io.healthgate.simulator.Scenario;
import io.healthgate.simulator.SimulatedFleet;
import io.healthgate.support.TcpRelay;
import io.healthgate.support.TestPostgres;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real gateway on a PostgreSQL store it reaches through a relay the test controls, the relay
 * refusing connections when the gateway starts (the machine's PostgreSQL keeps running). The
 * gateway starts and serves chat, readiness says the store is down and what waits for it; when the
 * relay opens the store is connected, the buffered outcome counts land in the test's own schema
 * and readiness says up. With a tiny buffer bound, what does not fit is dropped and the loss is
 * counted the same in readiness and in the metrics.
 */
@Timeout(120)
class StoreOutageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HOST_PORT = Pattern.compile("//[^/:?]+:(\\d+)/");

    private Vertx simVertx;
    private SimulatedFleet sim;
    private TestPostgres.Schema schema;
    private TcpRelay relay;
    private Healthgate gateway;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void setUp() {
        schema = TestPostgres.freshSchema();
        Matcher m = HOST_PORT.matcher(schema.url());
        assertThat(m.find()).as("host and port in " + schema.url()).isTrue();
        relay = new TcpRelay("127.0.0.1", Integer.parseInt(m.group(1)));
        relay.cut(); // refusing: PostgreSQL is unreachable when the gateway starts
        simVertx = Vertx.vertx();
        sim = SimulatedFleet.start(simVertx, Scenario.builder().seed(7)
                .gateway("alpha", Protocol.OPENAI, "ALPHA_KEY", "sk-alpha")
                .gateway("beta", Protocol.OPENAI, "BETA_KEY", "sk-beta")
                .offer("alpha", "acme/chat", "chat-a")
                .offer("beta", "acme/chat", "chat-b")
                .build(), 0);
    }

    @AfterEach
    void tearDown() throws Exception {
        Vertx v = simVertx;
        // In reverse order of starting: the gateway before the relay and the schema it writes to.
        for (AutoCloseable c : new AutoCloseable[] {gateway, relay, sim, v == null ? null : () -> v.close().await(), schema}) {
            if (c != null) {
                c.close();
            }
        }
        http.close();
    }

    /** The whole gateway (store, alerting), no probes (so every outcome is the test's own chat), a quick flush and reconnect. */
    private Healthgate start(int replayBufferMax) {
        String viaRelay = HOST_PORT.matcher(schema.url()).replaceFirst("//127.0.0.1:" + relay.port() + "/");
        HealthgateConfig probing = FleetConfigs.probing(viaRelay, 3);
        HealthgateConfig config = probing
                .withMonitoring(new HealthgateConfig.Monitoring(false, probing.monitoring().health()))
                .withStorage(new StorageConfig(viaRelay, replayBufferMax,
                        new StoreLink.Backoff(Duration.ofMillis(100), Duration.ofMillis(400))));
        Healthgate.Settings settings = Healthgate.Settings.from(config).withInstances(1).withShutdownGrace(Duration.ofSeconds(1));
        return Healthgate.create(config, settings, sim.catalog(), new HashMap<>(sim.demoEnvironment()), Clock.systemUTC()).start();
    }

    private void chatOn(String gatewayName) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                .header("content-type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + gatewayName + "/acme/chat\","
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("chat while the store is down -> " + r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-healthgate-gateway")).contains(gatewayName);
    }

    private JsonNode ready() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/health/ready"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("/health/ready -> " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private String metrics() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/metrics")).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static double metric(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(text);
        assertThat(m.find()).as(name + " in /metrics").isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** The stored call count of one offer, read straight from the test's schema (not through the relay). */
    private OptionalLong storedCalls(String gatewayName) throws SQLException {
        try (Connection c = DriverManager.getConnection(schema.url());
             PreparedStatement st = c.prepareStatement("SELECT call_count FROM offer_health WHERE gateway = ? AND model = ?")) {
            st.setString(1, gatewayName);
            st.setString(2, "acme/chat");
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) { // no table yet: the store has not been migrated
                return OptionalLong.empty();
            }
            throw e;
        }
    }

    @Test
    void theGatewayStartsAndServesWithoutItsStoreAndWritesTheBufferedCountsWhenItComesBack() throws Exception {
        gateway = start(StorageConfig.DEFAULT_REPLAY_BUFFER_MAX);
        for (int i = 0; i < 10; i++) {
            chatOn("alpha");
        }

        JsonNode down = ready();
        assertThat(down.get("status").asText()).isEqualTo("degraded");
        assertThat(down.get("store").asText()).isEqualTo("unreachable");
        assertThat(down.get("store_state").asText()).isEqualTo("down");
        assertThat(down.get("store_buffered_writes").asLong()).as("the offer's delta and its minute of history").isEqualTo(2);
        assertThat(down.get("store_dropped_writes").asLong()).isZero();
        assertThat(down.get("message").asText()).startsWith("degraded but serving").contains("reconnecting in the background");
        String before = metrics();
        assertThat(metric(before, "healthgate_store_up")).isZero();
        assertThat(metric(before, "healthgate_store_buffered_writes")).isEqualTo(2.0);
        assertThat(storedCalls("alpha")).isEmpty();

        relay.restore();
        await().atMost(Duration.ofSeconds(30)).until(() -> storedCalls("alpha").equals(OptionalLong.of(10)));
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            JsonNode r = ready();
            return "ready".equals(r.get("status").asText()) && "up".equals(r.get("store_state").asText());
        });
        JsonNode up = ready();
        assertThat(up.get("store").asText()).isEqualTo("reachable");
        assertThat(up.get("store_dropped_writes").asLong()).isZero();
        String after = metrics();
        assertThat(metric(after, "healthgate_store_up")).isEqualTo(1.0);
        assertThat(metric(after, "healthgate_store_writes_dropped_total")).isZero();

        chatOn("alpha");
        await().atMost(Duration.ofSeconds(15)).until(() -> storedCalls("alpha").equals(OptionalLong.of(11)));
    }

    @Test
    void aStoreLostAfterStartIsReconnectedAndTheCountsOfTheOutageAreWritten() throws Exception {
        relay.restore();
        gateway = start(StorageConfig.DEFAULT_REPLAY_BUFFER_MAX);
        for (int i = 0; i < 3; i++) {
            chatOn("alpha");
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> storedCalls("alpha").equals(OptionalLong.of(3)));

        relay.cut();
        for (int i = 0; i < 5; i++) {
            chatOn("alpha"); // served while the store is gone: nothing here waits on it
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "down".equals(ready().get("store_state").asText()));
        assertThat(ready().get("status").asText()).isEqualTo("degraded");

        relay.restore();
        await().atMost(Duration.ofSeconds(30)).until(() -> storedCalls("alpha").equals(OptionalLong.of(8)));
        await().atMost(Duration.ofSeconds(15)).until(() -> "ready".equals(ready().get("status").asText()));
        assertThat(ready().get("store_dropped_writes").asLong()).isZero();
    }

    @Test
    void whatDoesNotFitTheBufferIsDroppedAndCountedTheSameInReadinessAndMetrics() throws Exception {
        gateway = start(1);
        for (int i = 0; i < 3; i++) {
            chatOn("alpha"); // alpha's entries fill the bound of 1 in each buffer
        }
        for (int i = 0; i < 4; i++) {
            chatOn("beta"); // no room for a second offer: dropped in both buffers
        }

        JsonNode down = ready();
        assertThat(down.get("store_state").asText()).isEqualTo("down");
        long dropped = down.get("store_dropped_writes").asLong();
        assertThat(dropped).as("beta's 4 outcomes, refused by the offer buffer and by the history buffer").isGreaterThanOrEqualTo(8);
        assertThat(down.get("message").asText()).contains("outcome updates dropped").contains("storage.replay_buffer_max");
        assertThat(metric(metrics(), "healthgate_store_writes_dropped_total")).isEqualTo((double) dropped);

        relay.restore();
        await().atMost(Duration.ofSeconds(30)).until(() -> storedCalls("alpha").equals(OptionalLong.of(3)));
        await().atMost(Duration.ofSeconds(15)).until(() -> "up".equals(ready().get("store_state").asText()));
        assertThat(storedCalls("beta")).as("beta's counts were dropped, as counted").isEmpty();
        assertThat(ready().get("store_dropped_writes").asLong()).as("the loss stays counted after the store is back").isEqualTo(dropped);
    }
}
