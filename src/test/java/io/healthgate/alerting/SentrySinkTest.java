package io.healthgate.alerting;

import io.healthgate.support.WebhookReceiver;
import io.sentry.SentryLevel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SentrySinkTest {

    @Test
    void alertReachesSentryAsAMessageEventGroupedByKey() {
        try (WebhookReceiver sentry = WebhookReceiver.start();
             SentrySink sink = new SentrySink("http://publickey@127.0.0.1:" + sentry.port() + "/42", "test")) {
            sink.send(new AlertNotification("gateway.groq.out_of_credits", Severity.CRITICAL, "Gateway groq: out of credits",
                    "Top up the account.", 88.0, Instant.parse("2026-01-01T00:00:00Z")));
            sink.flush(5_000);

            await().atMost(Duration.ofSeconds(10)).until(() -> !sentry.requests().isEmpty());
            WebhookReceiver.Request r = sentry.requests().getFirst();
            assertThat(r.path()).isEqualTo("/api/42/envelope/");
            assertThat(r.body()).contains("Gateway groq: out of credits: Top up the account.")
                    .contains("\"level\":\"error\"")
                    .contains("gateway.groq.out_of_credits")
                    .contains("healthgate-alert");
        }
    }

    @Test
    void severityMapsToSentryLevel() {
        assertThat(SentrySink.level(Severity.CRITICAL)).isEqualTo(SentryLevel.ERROR);
        assertThat(SentrySink.level(Severity.WARNING)).isEqualTo(SentryLevel.WARNING);
        assertThat(SentrySink.level(Severity.RESOLVED)).isEqualTo(SentryLevel.INFO);
    }
}
