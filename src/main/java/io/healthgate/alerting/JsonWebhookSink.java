package io.healthgate.alerting;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Posts each notification as JSON to a generic webhook:
 * {@code {"key", "severity" (info|warning|critical|resolved), "title", "message",
 * "health_percentage" (number, or null when unknown), "timestamp" (ISO-8601 UTC)}}.
 */
public final class JsonWebhookSink implements AlertSink {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebhookPoster poster;

    public JsonWebhookSink(URI webhookUrl) {
        this(webhookUrl, WebhookPoster.defaultClient());
    }

    public JsonWebhookSink(URI webhookUrl, HttpClient client) {
        this.poster = new WebhookPoster("webhook", webhookUrl, client);
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public void send(AlertNotification n) throws Exception {
        poster.post(body(n));
    }

    static String body(AlertNotification n) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", n.key());
        body.put("severity", n.severity().wireName());
        body.put("title", n.title());
        body.put("message", n.message());
        body.put("health_percentage", Double.isNaN(n.healthPercentage()) ? null : n.healthPercentage());
        body.put("timestamp", n.at().toString());
        return JSON.writeValueAsString(body);
    }
}
