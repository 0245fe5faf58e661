package io.healthgate.config;

import java.time.Duration;
import java.util.Objects;

/** {@code server:} where the gateway listens and how much it accepts. */
public record ServerConfig(String host, int port, long maxBodyBytes, int shutdownGraceSeconds) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    /** 10 MiB: a large chat request with images fits; a runaway upload does not. */
    public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;
    public static final int DEFAULT_SHUTDOWN_GRACE_SECONDS = 30;

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, got " + port);
        }
    }

    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES, DEFAULT_SHUTDOWN_GRACE_SECONDS);
    }

    public Duration shutdownGrace() {
        return Duration.ofSeconds(shutdownGraceSeconds);
    }
}
