package io.healthgate.app;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Model;
import io.healthgate.catalog.Offer;
import io.healthgate.catalog.Protocol;
import io.healthgate.providers.http.UpstreamClient;
import io.healthgate.proxy.ProxySettings;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Closing the gateway lets in-flight streams finish, refuses new work, and binds to loopback without keys. */
class GracefulShutdownTest {

    @Test
    void closeLetsAnInFlightStreamFinishAndThenRefusesConnections() throws Exception {
        try (FakeUpstream upstream = new FakeUpstream()) {
            upstream.on("up", FakeUpstream.sse(FakeUpstream.openAiFrames("up", Collections.nCopies(8, "x"), false, true), 0, 100, false));
            Catalog catalog = new Catalog(List.of(Gateway.of("g", upstream.base("g"), Protocol.OPENAI, "G_KEY")),
                    List.of(new Model("m", "p", Optional.empty(), false, 0, List.of(), List.of(new Offer("g", "m", "up")))));
            Healthgate.Settings settings = new Healthgate.Settings(Optional.empty(), 0, 1 << 20, Duration.ofSeconds(5), "NO_SUCH_VAR",
                    false, ProxySettings.defaults(), UpstreamClient.Options.defaults(), 1);
            Healthgate hg = Healthgate.create(settings, catalog, Map.of("G_KEY", "k"), Clock.systemUTC()).start();
            assertThat(hg.host()).as("no client keys: loopback only").isEqualTo("127.0.0.1");

            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest req = HttpRequest.newBuilder(URI.create(hg.baseUrl() + "/v1/chat/completions"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build();
            HttpResponse<Stream<String>> r = http.send(req, HttpResponse.BodyHandlers.ofLines());
            List<String> lines = new ArrayList<>();
            CompletableFuture<Void> closing = null;
            try (Stream<String> s = r.body()) {
                for (String line : (Iterable<String>) s::iterator) {
                    lines.add(line);
                    if (closing == null && line.startsWith("data:")) {
                        closing = CompletableFuture.runAsync(hg::close); // shut down mid-stream
                    }
                }
            }
            assertThat(lines).contains("data: [DONE]");
            closing.get(30, java.util.concurrent.TimeUnit.SECONDS);
            HttpRequest again = HttpRequest.newBuilder(URI.create(hg.baseUrl() + "/health")).timeout(Duration.ofSeconds(2)).build();
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(again, HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(java.io.IOException.class);
        }
    }
}
