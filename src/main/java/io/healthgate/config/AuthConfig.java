package io.healthgate.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * {@code auth:} which environment variables hold the client keys (comma-separated) and the admin
 * key. The keys themselves never appear in configuration.
 *
 * @param protectHealth when true the {@code /health/...} views need a client key too
 */
public record AuthConfig(String clientKeysEnv, String adminKeyEnv, boolean protectHealth) {
    public static final String DEFAULT_CLIENT_KEYS_ENV = "HEALTHGATE_API_KEYS";
    public static final String DEFAULT_ADMIN_KEY_ENV = "HEALTHGATE_ADMIN_KEY";
    public static final boolean DEFAULT_PROTECT_HEALTH = false;
    static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public AuthConfig {
        envName("auth.client_keys_env", clientKeysEnv);
        envName("auth.admin_key_env", adminKeyEnv);
    }

    static void envName(String key, String value) {
        Objects.requireNonNull(value, key);
        if (!ENV_NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(key + " must be an environment variable name like GROQ_API_KEY, got " + Section.quote(value));
        }
    }

    public static AuthConfig defaults() {
        return new AuthConfig(DEFAULT_CLIENT_KEYS_ENV, DEFAULT_ADMIN_KEY_ENV, DEFAULT_PROTECT_HEALTH);
    }
}
