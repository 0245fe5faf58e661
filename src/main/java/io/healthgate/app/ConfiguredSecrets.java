package io.healthgate.app;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.config.HealthgateConfig;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every secret value a process is configured with, for {@link io.healthgate.providers.Secrets#remember}:
 * the gateway keys its catalog names, the client keys, the admin key, the Sentry DSN, and the
 * credentials inside the storage URL, the Redis URL and the webhook URLs (a Slack webhook URL is a
 * secret as a whole: its path is the token).
 */
final class ConfiguredSecrets {
    /** user:password@ in a URL, and password=/token=/key=... query parameters. */
    private static final Pattern USER_INFO = Pattern.compile("//([^/@?#]+)@");
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "(?i)[?&;](?:password|passwd|pwd|secret|token|access_token|api[_-]?key|key|sig|signature|auth)=([^&;#\\s]+)");

    private static final Pattern KEY_VARIABLE = Pattern.compile("(?i).*(_KEY|_KEYS|_TOKEN|_SECRET|_PASSWORD|_DSN)");

    private ConfiguredSecrets() {
    }

    static List<String> of(HealthgateConfig config, Catalog catalog, List<String> clientKeys, Map<String, String> env) {
        List<String> out = new ArrayList<>(gatewayKeys(catalog, env));
        // A reload may name key variables the first catalog did not; the environment itself is fixed.
        env.forEach((name, value) -> {
            if (KEY_VARIABLE.matcher(name).matches() && value != null && !value.isBlank()) {
                out.add(value.strip());
            }
        });
        out.addAll(clientKeys);
        envValue(env, config.auth().adminKeyEnv()).ifPresent(out::add);
        envValue(env, config.alerting().sinks().sentryDsnEnv()).ifPresent(dsn -> {
            out.add(dsn);
            out.addAll(urlCredentials(dsn));
        });
        out.addAll(urlCredentials(config.storage().url()));
        out.addAll(urlCredentials(config.redis().url()));
        for (Optional<URI> hook : List.of(config.alerting().sinks().webhookUrl(), config.alerting().sinks().slackWebhookUrl())) {
            hook.ifPresent(u -> {
                String s = u.toString();
                out.addAll(urlCredentials(s));
                if (u.getRawPath() != null && (u.getRawQuery() != null || u.getRawPath().length() > 16)) {
                    out.add(s); // a webhook URL with a token in its path or query is itself the credential
                }
            });
        }
        return out;
    }

    /** The values of the key variables the catalog's gateways name (set or not, enabled or not). */
    static List<String> gatewayKeys(Catalog catalog, Map<String, String> env) {
        List<String> out = new ArrayList<>();
        for (Gateway g : catalog.gateways()) {
            envValue(env, g.apiKeyEnv()).ifPresent(out::add);
        }
        return out;
    }

    /** The password, user info and secret query parameters of a URL (JDBC URLs included). */
    static List<String> urlCredentials(String url) {
        List<String> out = new ArrayList<>();
        if (url == null || url.isBlank()) {
            return out;
        }
        Matcher info = USER_INFO.matcher(url);
        if (info.find()) {
            String userInfo = info.group(1);
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                add(out, userInfo.substring(colon + 1));
            } else {
                add(out, userInfo); // a DSN's public key sits where a user name would
            }
        }
        Matcher p = SECRET_PARAM.matcher(url);
        while (p.find()) {
            add(out, p.group(1));
        }
        return out;
    }

    private static void add(List<String> out, String raw) {
        out.add(raw);
        try {
            String decoded = URLDecoder.decode(raw, StandardCharsets.UTF_8);
            if (!decoded.equals(raw)) {
                out.add(decoded);
            }
        } catch (IllegalArgumentException malformedEscape) {
            // the raw form is masked; there is no decoded form to mask
        }
    }

    private static Optional<String> envValue(Map<String, String> env, String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }
}
