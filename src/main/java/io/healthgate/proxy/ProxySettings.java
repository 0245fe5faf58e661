package io.healthgate.proxy;

import java.time.Duration;

/**
 * How a request's journey is bounded.
 *
 * @param maxAttempts how many offers one request may try before giving up
 * @param totalDeadline the whole journey, every attempt included, until the first byte reaches the client
 * @param firstByteTimeout per attempt: from sending to the response head
 * @param idleTimeout per attempt: the longest silence between two body chunks of a stream
 * @param streamTimeout the longest a stream may run once it reached the client
 * @param maxUpstreamBodyBytes the largest non-streamed upstream body we read
 */
public record ProxySettings(
        int maxAttempts,
        Duration totalDeadline,
        Duration firstByteTimeout,
        Duration idleTimeout,
        Duration streamTimeout,
        int maxUpstreamBodyBytes) {

    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_TOTAL_DEADLINE = Duration.ofSeconds(120);
    public static final Duration DEFAULT_FIRST_BYTE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_STREAM_TIMEOUT = Duration.ofMinutes(10);
    public static final int DEFAULT_MAX_UPSTREAM_BODY_BYTES = 32 * 1024 * 1024;

    public ProxySettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
        requirePositive("totalDeadline", totalDeadline);
        requirePositive("firstByteTimeout", firstByteTimeout);
        requirePositive("idleTimeout", idleTimeout);
        requirePositive("streamTimeout", streamTimeout);
        if (maxUpstreamBodyBytes < 1024) {
            throw new IllegalArgumentException("maxUpstreamBodyBytes must be >= 1024, got " + maxUpstreamBodyBytes);
        }
    }

    public static ProxySettings defaults() {
        return new ProxySettings(DEFAULT_MAX_ATTEMPTS, DEFAULT_TOTAL_DEADLINE, DEFAULT_FIRST_BYTE_TIMEOUT,
                DEFAULT_IDLE_TIMEOUT, DEFAULT_STREAM_TIMEOUT, DEFAULT_MAX_UPSTREAM_BODY_BYTES);
    }

    public ProxySettings withMaxAttempts(int n) {
        return new ProxySettings(n, totalDeadline, firstByteTimeout, idleTimeout, streamTimeout, maxUpstreamBodyBytes);
    }

    public ProxySettings withTimeouts(Duration deadline, Duration firstByte, Duration idle) {
        return new ProxySettings(maxAttempts, deadline, firstByte, idle, streamTimeout, maxUpstreamBodyBytes);
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }
}
