package io.healthgate.providers.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;

import java.time.Duration;
import java.util.Objects;

/**
 * Calls upstream gateways over pooled keep-alive HTTP/1.1 connections (Vert.x core
 * {@code HttpClient}: unlike {@code WebClient} it never buffers a body, so streams pass through
 * chunk by chunk). One instance serves the whole process; it is safe to use from any thread.
 */
public final class UpstreamClient implements AutoCloseable {
    private final Vertx vertx;
    private final HttpClientAgent client;
    private final Options options;

    /**
     * Pool and connection settings.
     *
     * @param maxConnectionsPerHost the Vert.x default of 5 throttles a gateway long before the
     *                              gateway does, so this is set well above it
     * @param connectTimeout how long a TCP (and TLS) connect may take
     * @param keepAlive how long an idle pooled connection is kept
     */
    public record Options(int maxConnectionsPerHost, Duration connectTimeout, Duration keepAlive) {
        public static final int DEFAULT_MAX_CONNECTIONS_PER_HOST = 256;
        public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
        public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(60);

        public Options {
            if (maxConnectionsPerHost < 1) {
                throw new IllegalArgumentException("maxConnectionsPerHost must be >= 1, got " + maxConnectionsPerHost);
            }
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(keepAlive, "keepAlive");
            if (connectTimeout.isNegative() || connectTimeout.isZero()) {
                throw new IllegalArgumentException("connectTimeout must be positive, got " + connectTimeout);
            }
        }

        public static Options defaults() {
            return new Options(DEFAULT_MAX_CONNECTIONS_PER_HOST, DEFAULT_CONNECT_TIMEOUT, DEFAULT_KEEP_ALIVE);
        }

        public Options withConnectTimeout(Duration d) {
            return new Options(maxConnectionsPerHost, d, keepAlive);
        }
    }

    public UpstreamClient(Vertx vertx, Options options) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.options = Objects.requireNonNull(options, "options");
        HttpClientOptions http = new HttpClientOptions()
                .setKeepAlive(true)
                .setKeepAliveTimeout((int) Math.max(1, options.keepAlive().toSeconds()))
                .setTcpNoDelay(true)
                .setConnectTimeout((int) options.connectTimeout().toMillis());
        PoolOptions pool = new PoolOptions()
                .setHttp1MaxSize(options.maxConnectionsPerHost())
                .setHttp2MaxSize(Math.max(1, options.maxConnectionsPerHost() / 32));
        this.client = vertx.createHttpClient(http, pool);
    }

    /**
     * Starts one call and returns at once. The exchange's {@link UpstreamExchange#head()} completes
     * when the response head arrives, or fails with {@link UpstreamTimeoutException},
     * {@link UpstreamConnectionException} or {@link UpstreamCancelledException}.
     */
    public UpstreamExchange send(UpstreamCall call) {
        UpstreamExchange exchange = new UpstreamExchange(vertx, call, options.connectTimeout());
        exchange.start(client);
        return exchange;
    }

    @Override
    public void close() {
        client.close();
    }
}
