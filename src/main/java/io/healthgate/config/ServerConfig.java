package io.healthgate.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * {@code server:} where the gateway listens and how much it accepts. The process's own section
 * (no feature owns it), so its record lives here; messages name the key and quote the value.
 */
public record ServerConfig(String host, int port, long maxBodyBytes, int shutdownGraceSeconds, List<String> corsAllowedOrigins,
                           int bodyReadTimeoutSeconds, int idleTimeoutSeconds, int headerReadTimeoutSeconds, int maxConnections) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    /** 10 MiB: a large chat request with images fits; a runaway upload does not. */
    public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;
    /** The smallest body limit: a short chat request must still fit. */
    public static final long MIN_MAX_BODY_BYTES = 1024;
    public static final int DEFAULT_SHUTDOWN_GRACE_SECONDS = 30;
    /** A request whose headers arrived must deliver its whole body within this (a short Content-Length body too). */
    public static final int DEFAULT_BODY_READ_TIMEOUT_SECONDS = 30;
    /** A connection with no traffic either way for this long is closed (idle keep-alive clients). */
    public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 60;
    /** A new connection must deliver its first request's headers within this (slowloris clients trickle them). */
    public static final int DEFAULT_HEADER_READ_TIMEOUT_SECONDS = 10;
    /**
     * Client connections open at once, across every server instance; more are answered 503 and
     * closed. Well below the usual open-files limit, so the process keeps files for the store,
     * upstream connections and logs.
     */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    /** CORS is off unless origins are listed ({@code server.cors.allowed_origins}). */
    public static final List<String> DEFAULT_CORS_ALLOWED_ORIGINS = List.of();
    /** An origin as browsers send it: scheme, host and optional port, no path; or {@code *} for any. */
    static final Pattern ORIGIN = Pattern.compile("\\*|https?://[A-Za-z0-9.\\-\\[\\]:]+");

    /** Without CORS. */
    public ServerConfig(String host, int port, long maxBodyBytes, int shutdownGraceSeconds) {
        this(host, port, maxBodyBytes, shutdownGraceSeconds, DEFAULT_CORS_ALLOWED_ORIGINS);
    }

    /** With CORS for {@code corsAllowedOrigins} and the default connection limits. */
    public ServerConfig(String host, int port, long maxBodyBytes, int shutdownGraceSeconds, List<String> corsAllowedOrigins) {
        this(host, port, maxBodyBytes, shutdownGraceSeconds, corsAllowedOrigins, DEFAULT_BODY_READ_TIMEOUT_SECONDS,
                DEFAULT_IDLE_TIMEOUT_SECONDS, DEFAULT_HEADER_READ_TIMEOUT_SECONDS, DEFAULT_MAX_CONNECTIONS);
    }

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
        atLeastOne("server.body_read_timeout_seconds", bodyReadTimeoutSeconds);
        atLeastOne("server.idle_timeout_seconds", idleTimeoutSeconds);
        atLeastOne("server.header_read_timeout_seconds", headerReadTimeoutSeconds);
        atLeastOne("server.max_connections", maxConnections);
        corsAllowedOrigins = corsAllowedOrigins == null ? List.of() : List.copyOf(corsAllowedOrigins);
        for (String o : corsAllowedOrigins) {
            if (!ORIGIN.matcher(o.trim()).matches()) {
                throw new IllegalArgumentException("server.cors.allowed_origins must list origins like https://app.example.com "
                        + "(scheme and host, no path) or \"*\", got \"" + o + "\"");
            }
        }
    }

    /** This server section with CORS for {@code origins}. */
    public ServerConfig withCorsAllowedOrigins(List<String> origins) {
        return new ServerConfig(host, port, maxBodyBytes, shutdownGraceSeconds, origins, bodyReadTimeoutSeconds, idleTimeoutSeconds,
                headerReadTimeoutSeconds, maxConnections);
    }

    private static void atLeastOne(String key, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(key + " must be >= 1, got " + v);
        }
    }

    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES, DEFAULT_SHUTDOWN_GRACE_SECONDS, DEFAULT_CORS_ALLOWED_ORIGINS);
    }

    /** The same server with other connection limits. */
    public ServerConfig withLimits(int bodyReadTimeout, int idleTimeout) {
        return withLimits(bodyReadTimeout, idleTimeout, headerReadTimeoutSeconds, maxConnections);
    }

    /** The same server with other connection limits, the header read timeout and the connection cap included. */
    public ServerConfig withLimits(int bodyReadTimeout, int idleTimeout, int headerReadTimeout, int connections) {
        return new ServerConfig(host, port, maxBodyBytes, shutdownGraceSeconds, corsAllowedOrigins, bodyReadTimeout, idleTimeout,
                headerReadTimeout, connections);
    }

    public Duration shutdownGrace() {
        return Duration.ofSeconds(shutdownGraceSeconds);
    }
}
