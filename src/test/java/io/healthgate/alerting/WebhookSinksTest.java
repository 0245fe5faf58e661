package io.healthgate.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthgate.support.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSinksTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final WebhookReceiver receiver = WebhookReceiver.start();
    private final AlertNotification critical = new AlertNotification("gateway.groq.key_rejected", Severity.CRITICAL,
            "Gateway groq: API key rejected", "Check the key.", 82.5, Instant.parse("2026-01-01T10:15:30Z"));

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void jsonWebhookPostsEveryDocumentedField() throws Exception {
        new JsonWebhookSink(receiver.url("/hook")).send(critical);

        WebhookReceiver.Request r = receiver.requests().getFirst();
        assertThat(r.path()).isEqualTo("/hook");
        assertThat(r.contentType()).startsWith("application/json");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("key").asText()).isEqualTo("gateway.groq.key_rejected");
        assertThat(body.get("severity").asText()).isEqualTo("critical");
        assertThat(body.get("title").asText()).isEqualTo("Gateway groq: API key rejected");
        assertThat(body.get("message").asText()).isEqualTo("Check the key.");
        assertThat(body.get("health_percentage").asDouble()).isEqualTo(82.5);
        assertThat(body.get("timestamp").asText()).isEqualTo("2026-01-01T10:15:30Z");
    }

    @Test
    void jsonWebhookSendsNullHealthWhenUnknown() throws Exception {
        new JsonWebhookSink(receiver.url("/hook")).send(new AlertNotification("k", Severity.RESOLVED, "t", "m", Double.NaN, Instant.EPOCH));
        JsonNode body = JSON.readTree(receiver.requests().getFirst().body());
        assertThat(body.get("health_percentage").isNull()).isTrue();
        assertThat(body.get("severity").asText()).isEqualTo("resolved");
    }

    @Test
    void slackWebhookPostsText() throws Exception {
        new SlackWebhookSink(receiver.url("/services/T000/B000/XXXX")).send(critical);
        JsonNode body = JSON.readTree(receiver.requests().getFirst().body());
        assertThat(body.fieldNames()).toIterable().containsExactly("text");
        assertThat(body.get("text").asText()).contains("[CRITICAL]").contains("Gateway groq: API key rejected")
                .contains("Check the key.").contains("gateway.groq.key_rejected");
    }

    @Test
    void errorStatusFailsTheDeliveryWithoutShowingTheSecretUrl() {
        receiver.respondWith(500);
        URI secret = receiver.url("/services/T000/B000/very-secret-token");
        assertThatThrownBy(() -> new SlackWebhookSink(secret).send(critical))
                .hasMessageContaining("slack webhook answered HTTP 500")
                .hasMessageNotContaining("very-secret-token");
    }

    @Test
    void unreachableWebhookFailsWithoutShowingTheUrl() {
        URI closed = receiver.url("/x/secret-path");
        receiver.close();
        assertThatThrownBy(() -> new JsonWebhookSink(closed).send(critical))
                .hasMessageContaining("webhook unreachable")
                .hasMessageNotContaining("secret-path");
    }

    @Test
    void settingsRejectABadUrlWithoutQuotingIt() {
        assertThatThrownBy(() -> AlertSinks.Settings.of("not a url with token-123", "", ""))
                .hasMessage("alerting.webhook_url is not a valid http(s) URL");
    }

    @Test
    void onlyConfiguredSinksAreBuiltAndAnUnsetDsnVariableIsReported() {
        AlertSinks.Built none = AlertSinks.create(AlertSinks.Settings.of("", "", ""), Map.<String, String>of()::get);
        assertThat(none.sinks()).extracting(AlertSink::name).containsExactly("log");
        assertThat(none.notes()).isEmpty();

        AlertSinks.Built some = AlertSinks.create(
                AlertSinks.Settings.of(receiver.url("/a").toString(), receiver.url("/b").toString(), "SENTRY_DSN_FOR_TEST"),
                Map.<String, String>of()::get);
        assertThat(some.sinks()).extracting(AlertSink::name).containsExactly("log", "slack", "webhook");
        assertThat(some.notes()).singleElement().asString().contains("SENTRY_DSN_FOR_TEST").contains("not set");
    }
}
