package io.healthgate.config;

import io.healthgate.fleet.FleetSettings;

import java.util.Objects;

/**
 * {@code redis:} the optional shared cache that makes several instances one fleet. An empty URL
 * means one instance and no Redis (everything else here is then unused).
 *
 * @param keyPrefix {@code redis.key_prefix}: every key starts with it, so fleets can share one Redis
 * @param instanceId {@code redis.instance_id}: this instance's id in the fleet; empty picks
 *     {@code <host>-<random>} at start
 * @param fleet {@code redis.staleness_ms}, {@code redis.lease_seconds}, {@code redis.heartbeat_ms}:
 *     the fleet's own settings record, with its defaults and rules
 */
public record RedisConfig(String url, String keyPrefix, String instanceId, FleetSettings fleet) {
    public static final String DEFAULT_URL = "";
    public static final String DEFAULT_KEY_PREFIX = "healthgate:";
    public static final String DEFAULT_INSTANCE_ID = "";

    public RedisConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(fleet, "fleet");
        if (!url.isEmpty() && !url.startsWith("redis://") && !url.startsWith("rediss://")) {
            throw new IllegalArgumentException("redis.url must be \"\" (no Redis) or redis://HOST:PORT, got "
                    + Section.quote(Section.redact(url)));
        }
        if (keyPrefix.isBlank()) {
            throw new IllegalArgumentException("redis.key_prefix must not be empty, got " + Section.quote(keyPrefix));
        }
        if (!instanceId.isEmpty() && !instanceId.matches("[A-Za-z0-9._:-]{1,64}")) {
            throw new IllegalArgumentException("redis.instance_id must be \"\" (picked at start) or 1-64 letters, digits, "
                    + "'.', '_', ':' or '-', got " + Section.quote(instanceId));
        }
    }

    /** Only the URL; every other key at its default. */
    public RedisConfig(String url) {
        this(url, DEFAULT_KEY_PREFIX, DEFAULT_INSTANCE_ID, FleetSettings.DEFAULTS);
    }

    public static RedisConfig defaults() {
        return new RedisConfig(DEFAULT_URL);
    }

    public boolean enabled() {
        return !url.isBlank();
    }
}
