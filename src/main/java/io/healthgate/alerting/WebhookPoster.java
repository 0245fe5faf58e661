package io.healthgate.alerting;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;

/**
 * POSTs a JSON body to a webhook with the JDK client and short timeouts. Webhook URLs carry
 * secrets (a Slack webhook URL is a credential), so errors name the sink, never the URL.
 */
final class WebhookPoster {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final String sinkName;
    private final URI url;
    private final HttpClient client;

    WebhookPoster(String sinkName, URI url, HttpClient client) {
        this.sinkName = sinkName;
        this.url = Objects.requireNonNull(url, "url");
        this.client = Objects.requireNonNull(client, "client");
        String scheme = url.getScheme();
        if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException(sinkName + " webhook URL must be http or https");
        }
    }

    static HttpClient defaultClient() {
        return HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    void post(String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "healthgate-alerts")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        HttpResponse<Void> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (HttpTimeoutException e) {
            throw new IOException(sinkName + " webhook timed out", e);
        } catch (IOException e) {
            throw new IOException(sinkName + " webhook unreachable (" + e.getClass().getSimpleName() + ")", e);
        }
        int status = response.statusCode();
        if (status < 200 || status >= 300) {
            throw new IOException(sinkName + " webhook answered HTTP " + status);
        }
    }
}
