package io.healthgate.config;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code server:} where the gateway listens and how much it accepts. The process's own section
 * (no feature owns it), so its record lives here; messages name the key and quote the value.
 */
public record ServerConfig(String host, int port, long maxBodyBytes, int shutdownGraceSeconds) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    /** 10 MiB: a large chat request with images fits; a runaway upload does not. */
    public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;
    /** The smallest body limit: a short chat request must still fit. */
    public static final long MIN_MAX_BODY_BYTES = 1024;
    public static final int DEFAULT_SHUTDOWN_GRACE_SECONDS = 30;

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("server.host must be a host name or IP address to listen on, got \"" + host + "\"");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("server.port must be 0-65535 (0 = any free port), got " + port);
        }
        if (maxBodyBytes < MIN_MAX_BODY_BYTES) {
            throw new IllegalArgumentException("server.max_body_bytes must be >= " + MIN_MAX_BODY_BYTES + ", got " + maxBodyBytes);
        }
        if (shutdownGraceSeconds < 0) {
            throw new IllegalArgumentException("server.shutdown_grace_seconds must be >= 0, got " + shutdownGraceSeconds);
        }
    }

    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES, DEFAULT_SHUTDOWN_GRACE_SECONDS);
    }

    public Duration shutdownGrace() {
        return Duration.ofSeconds(shutdownGraceSeconds);
    }
}
