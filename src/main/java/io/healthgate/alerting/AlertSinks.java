package io.healthgate.alerting;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds the configured sinks: the log always; Slack, the JSON webhook and Sentry each only when
 * configured. The Sentry DSN is read from the environment variable named in config, so the secret
 * itself never sits in a config file; a named variable that is unset just leaves Sentry off.
 */
public final class AlertSinks {
    private AlertSinks() {
    }

    /**
     * What config says about sinks.
     *
     * @param webhookUrl generic JSON webhook, empty for none
     * @param slackWebhookUrl Slack incoming webhook, empty for none
     * @param sentryDsnEnv name of the env var holding the Sentry DSN, empty for none
     */
    public record Settings(Optional<URI> webhookUrl, Optional<URI> slackWebhookUrl, String sentryDsnEnv) {
        public static final String DEFAULT_SENTRY_DSN_ENV = "SENTRY_DSN";

        public Settings {
            webhookUrl = webhookUrl == null ? Optional.empty() : webhookUrl;
            slackWebhookUrl = slackWebhookUrl == null ? Optional.empty() : slackWebhookUrl;
            sentryDsnEnv = sentryDsnEnv == null ? "" : sentryDsnEnv.trim();
        }

        /** From config strings; blank means not configured. */
        public static Settings of(String webhookUrl, String slackWebhookUrl, String sentryDsnEnv) {
            return new Settings(uri(webhookUrl, "alerting.webhook_url"), uri(slackWebhookUrl, "alerting.slack_webhook_url"), sentryDsnEnv);
        }

        private static Optional<URI> uri(String s, String what) {
            if (s == null || s.isBlank()) {
                return Optional.empty();
            }
            try {
                URI u = URI.create(s.trim());
                if (u.getHost() == null || !("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))) {
                    throw new IllegalArgumentException();
                }
                return Optional.of(u);
            } catch (IllegalArgumentException e) {
                // The URL may be a secret: say which setting is wrong, not what it holds.
                throw new IllegalArgumentException(what + " is not a valid http(s) URL");
            }
        }
    }

    /** The sinks, and notes worth logging once at start (e.g. the DSN variable is not set, so Sentry is off). */
    public record Built(List<AlertSink> sinks, List<String> notes) {
    }

    public static Built create(Settings settings, Function<String, String> env) {
        List<AlertSink> sinks = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        sinks.add(new LogSink());
        settings.slackWebhookUrl().ifPresent(u -> sinks.add(new SlackWebhookSink(u)));
        settings.webhookUrl().ifPresent(u -> sinks.add(new JsonWebhookSink(u)));
        if (!settings.sentryDsnEnv().isEmpty()) {
            String dsn = env.apply(settings.sentryDsnEnv());
            if (dsn == null || dsn.isBlank()) {
                notes.add("Sentry alerts are off: " + settings.sentryDsnEnv() + " (alerting.sentry_dsn_env) is not set");
            } else {
                sinks.add(new SentrySink(dsn.trim(), System.getenv("HEALTHGATE_ENV")));
            }
        }
        return new Built(List.copyOf(sinks), List.copyOf(notes));
    }
}
