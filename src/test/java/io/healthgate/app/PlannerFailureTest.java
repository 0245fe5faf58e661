package io.healthgate.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Model;
import io.healthgate.catalog.Offer;
import io.healthgate.catalog.Protocol;
import io.healthgate.health.Outcome;
import io.healthgate.providers.http.UpstreamClient;
import io.healthgate.proxy.ChatProxy;
import io.healthgate.proxy.FrontDoor;
import io.healthgate.proxy.ProxyEventHub;
import io.healthgate.proxy.ProxyEvents;
import io.healthgate.proxy.ProxyRequest;
import io.healthgate.proxy.ProxySettings;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A routing fault fails open: the request is served by plain ordered failover, never refused. */
class PlannerFailureTest {

    @Test
    void aPlannerThatThrowsFallsBackToOrderedFailoverAndSaysSo() throws Exception {
        try (FakeUpstream upstream = new FakeUpstream()) {
            upstream.on("alpha-chat", FakeUpstream.json(200, FakeUpstream.openAiCompletion("alpha-chat", "still served")));
            Catalog catalog = new Catalog(List.of(Gateway.of("alpha", upstream.base("alpha"), Protocol.OPENAI, "ALPHA_KEY")),
                    List.of(new Model("acme/chat", "acme", Optional.empty(), false, 0, List.of(),
                            List.of(new Offer("alpha", "acme/chat", "alpha-chat")))));
            ObjectMapper json = new ObjectMapper();
            List<Outcome> outcomes = new CopyOnWriteArrayList<>();
            ProxyEventHub events = new ProxyEventHub();
            AtomicInteger failOpen = new AtomicInteger();
            events.subscribe(new ProxyEvents() {
                @Override
                public void onFailOpen(String model) {
                    failOpen.incrementAndGet();
                }
            });
            UpstreamClient client = new UpstreamClient(upstream.vertx, UpstreamClient.Options.defaults());
            ChatProxy proxy = new ChatProxy(catalog, Map.of("ALPHA_KEY", "sk-a"), client,
                    (resolution, prefs) -> {
                        throw new IllegalStateException("breaker registry corrupted");
                    },
                    outcomes::add, ProxySettings.defaults(), Clock.systemUTC(), json, events);
            HttpServer server = upstream.vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
                try {
                    ObjectNode body = (ObjectNode) json.readTree(b.getBytes());
                    proxy.handle(new ProxyRequest(FrontDoor.OPENAI, "req-1", catalog.resolve("acme/chat").orElseThrow(), body,
                            false, Map.of(), System.nanoTime()), req.response());
                } catch (Exception e) {
                    req.response().setStatusCode(500).end(e.toString());
                }
            })).listen(0, "127.0.0.1").await();
            try {
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort()))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"acme/chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).contains("still served");
                assertThat(r.headers().firstValue("x-healthgate-gateway")).contains("alpha");
                assertThat(failOpen.get()).isEqualTo(1);
            } finally {
                server.close().await();
                client.close();
            }
        }
    }
}
