package io.healthgate.config;

import java.util.Objects;

/** {@code redis:} the optional shared cache. An empty URL means one instance and no Redis. */
public record RedisConfig(String url) {
    public static final String DEFAULT_URL = "";

    public RedisConfig {
        Objects.requireNonNull(url, "url");
        if (!url.isEmpty() && !url.startsWith("redis://") && !url.startsWith("rediss://")) {
            throw new IllegalArgumentException("redis.url must be \"\" (no Redis) or redis://HOST:PORT, got "
                    + Section.quote(Section.redact(url)));
        }
    }

    public static RedisConfig defaults() {
        return new RedisConfig(DEFAULT_URL);
    }

    public boolean enabled() {
        return !url.isBlank();
    }
}
