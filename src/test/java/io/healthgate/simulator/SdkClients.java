package io.healthgate.simulator;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The official SDKs and a raw HTTP client pointed at a running simulated fleet; no retries, short timeouts. */
final class SdkClients {
    private static final HttpClient RAW = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private SdkClients() {
    }

    static OpenAIClient openai(SimulatedFleet fleet, String gateway, String key) {
        return openai(fleet, gateway, key, Duration.ofSeconds(5));
    }

    static OpenAIClient openai(SimulatedFleet fleet, String gateway, String key, Duration timeout) {
        return OpenAIOkHttpClient.builder().baseUrl(fleet.gatewayBaseUrl(gateway)).apiKey(key).maxRetries(0).timeout(timeout).build();
    }

    /**
     * The Anthropic SDK appends {@code /v1/messages} itself, so its base URL stops before {@code /v1}.
     * The key is also put as an explicit {@code x-api-key} header: SDK 3.x resolves credentials from
     * its surroundings and, when it finds a token there, sends {@code Authorization: Bearer} instead of
     * the configured key; an explicit key header makes it send exactly this key and nothing else.
     */
    static AnthropicClient anthropic(SimulatedFleet fleet, String gateway, String key) {
        return anthropic(fleet, gateway, key, Duration.ofSeconds(5));
    }

    static AnthropicClient anthropic(SimulatedFleet fleet, String gateway, String key, Duration timeout) {
        return AnthropicOkHttpClient.builder().baseUrl(fleet.baseUrl() + "/gw/" + gateway).apiKey(key).putHeader("x-api-key", key)
                .maxRetries(0).timeout(timeout).build();
    }

    static HttpResponse<String> post(String url, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    static HttpResponse<String> get(String url, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    private static HttpResponse<String> send(HttpRequest r) {
        try {
            return RAW.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
