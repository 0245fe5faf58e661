package io.healthgate.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** What the simulated-fleet tests send a running gateway: one-line chats, and operator views read as JSON. */
public record GatewayCalls(HttpClient http, String baseUrl, Duration timeout) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A minimal chat request for {@code model} (one user message "hi") through the OpenAI door. */
    public HttpResponse<String> chat(String model) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/chat/completions")).header("content-type", "application/json")
                .timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The body of a GET that must answer 200. */
    public String text(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return r.body();
    }

    /** A GET that must answer 200, read as JSON. */
    public JsonNode get(String path) throws IOException, InterruptedException {
        return JSON.readTree(text(path));
    }

    /** The entry of one offer ({@code model} on {@code gateway}) in a {@code /health/models} answer. */
    public static JsonNode offer(JsonNode models, String model, String gateway) {
        for (JsonNode o : models.get("models")) { // one entry per offer
            if (o.get("model_id").asText().equals(model) && o.get("gateway").asText().equals(gateway)) {
                return o;
            }
        }
        throw new AssertionError("no offer " + gateway + "/" + model + " in " + models);
    }
}
