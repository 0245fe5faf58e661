package io.healthgate.config;

import java.util.Objects;

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

    public AuthConfig {
        Objects.requireNonNull(clientKeysEnv, "clientKeysEnv");
        Objects.requireNonNull(adminKeyEnv, "adminKeyEnv");
    }

    public static AuthConfig defaults() {
        return new AuthConfig(DEFAULT_CLIENT_KEYS_ENV, DEFAULT_ADMIN_KEY_ENV, DEFAULT_PROTECT_HEALTH);
    }
}
