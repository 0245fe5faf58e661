package io.healthgate.app;

import io.healthgate.health.HealthSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The demo as a user meets it: the fleet, the whole gateway, a request that works, probes that fill health. */
class DemoTest {

    @Test
    void demoServesTheSimulatedFleetAndLearnsItsHealth(@TempDir Path dir) throws Exception {
        String db = "jdbc:sqlite:" + dir.resolve("demo.db");
        try (Demo demo = Demo.start(0, 0, 42, 1.0, db, Map.of(), Clock.systemUTC())) {
            assertThat(demo.fleet().catalog().gateways()).hasSize(31);
            assertThat(demo.gateway().healthStore()).as("embedded storage is open").isPresent();
            assertThat(demo.gateway().storeProblem()).isEmpty();

            String model = demo.modelThatWorks().orElseThrow();
            String body = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello!\"}]}";
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(demo.gateway().baseUrl() + "/v1/chat/completions"))
                        .header("content-type", "application/json").timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).contains("\"choices\"");
                assertThat(r.headers().firstValue("x-healthgate-gateway")).isPresent();
            }

            // Probes start at once (demo intervals are seconds): evidence arrives without any more traffic.
            await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
                HealthSnapshot s = demo.gateway().engine().snapshot();
                assertThat(s.system().trackedOffers()).isGreaterThan(20);
            });
            HealthSnapshot s = demo.gateway().engine().snapshot();
            // The demo environment leaves most gateways without a key: they are unconfigured, never probed, never unhealthy.
            assertThat(s.gateways().get("chutes").status().wireName()).isEqualTo("unconfigured");
            assertThat(s.offers().values()).filteredOn(o -> o.offer().gateway().equals("chutes"))
                    .allSatisfy(o -> assertThat(o.calls()).isZero());
        }
    }
}
