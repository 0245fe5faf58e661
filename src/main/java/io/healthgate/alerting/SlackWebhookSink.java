package io.healthgate.alerting;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;

/** Posts to a Slack incoming webhook: {@code {"text": "..."}}, one line of status plus the message. */
public final class SlackWebhookSink implements AlertSink {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebhookPoster poster;

    public SlackWebhookSink(URI webhookUrl) {
        this(webhookUrl, WebhookPoster.defaultClient());
    }

    public SlackWebhookSink(URI webhookUrl, HttpClient client) {
        this.poster = new WebhookPoster("slack", webhookUrl, client);
    }

    @Override
    public String name() {
        return "slack";
    }

    @Override
    public void send(AlertNotification n) throws Exception {
        poster.post(JSON.writeValueAsString(Map.of("text", text(n))));
    }

    static String text(AlertNotification n) {
        String icon = switch (n.severity()) {
            case CRITICAL -> ":rotating_light:";
            case WARNING -> ":warning:";
            case RESOLVED -> ":white_check_mark:";
            case INFO -> ":information_source:";
        };
        return icon + " *[" + n.severity().wireName().toUpperCase(java.util.Locale.ROOT) + "] " + n.title() + "*\n"
                + n.message() + "\n`" + n.key() + "` at " + n.at();
    }
}
