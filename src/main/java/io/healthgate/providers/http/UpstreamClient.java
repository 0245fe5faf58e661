package io.healthgate.providers.http;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Calls upstream gateways over pooled keep-alive HTTP/1.1 connections (Vert.x core
 * {@code HttpClient}: unlike {@code WebClient} it never buffers a body, so streams pass through
 * chunk by chunk). One instance serves the whole process; it is safe to use from any thread.
 * <p>
 * It keeps one connection pool per Vert.x event loop, and a call uses the pool of the event loop
 * it runs on (the calling event-loop context's; off a Vert.x thread, the loop of the context the
 * call is given). A connection belongs to the loop that opened it: with one shared pool, a request
 * served on loop A was often given a connection opened on loop B, and its response then crossed
 * threads twice (task hand-off and selector wake-up, ~9% of the gateway's CPU at saturation).
 * Calls from a worker context use a separate fallback pool. {@link Options#maxConnectionsPerHost}
 * is therefore a limit per event loop (and for the fallback pool).
 */
public final class UpstreamClient implements AutoCloseable {
    private final Vertx vertx;
    /** One pool per event loop, made up front (read-only afterwards, so no locking). */
    private final Map<EventExecutor, HttpClientAgent> perLoop;
    private final HttpClientAgent fallback;
    private final Options options;

    /**
     * Pool and connection settings.
     *
     * @param maxConnectionsPerHost connections to one host per event loop (each loop has its own
     *                              pool; the process may hold this many times the number of loops).
     *                              The Vert.x default of 5 throttles a gateway long before the
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

    /**
     * Makes the pools (no connection is opened until a call needs one). They are made here, on the
     * caller's thread, not lazily on an event loop: a client made inside a verticle's context is
     * closed when that verticle is undeployed, and server verticles stop before the proxy drains.
     */
    public UpstreamClient(Vertx vertx, Options options) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.options = Objects.requireNonNull(options, "options");
        Map<EventExecutor, HttpClientAgent> pools = new IdentityHashMap<>();
        List<HttpClientAgent> made = new ArrayList<>();
        try {
            for (EventExecutor loop : ((VertxInternal) vertx).nettyEventLoopGroup()) {
                HttpClientAgent c = create(vertx, options);
                made.add(c);
                pools.put(loop, c);
            }
            this.fallback = create(vertx, options);
        } catch (RuntimeException e) {
            made.forEach(HttpClientAgent::close);
            throw e;
        }
        this.perLoop = pools;
    }

    private static HttpClientAgent create(Vertx vertx, Options options) {
        HttpClientOptions http = new HttpClientOptions()
                .setKeepAlive(true)
                .setKeepAliveTimeout((int) Math.max(1, options.keepAlive().toSeconds()))
                .setTcpNoDelay(true)
                .setConnectTimeout((int) options.connectTimeout().toMillis());
        PoolOptions pool = new PoolOptions()
                .setHttp1MaxSize(options.maxConnectionsPerHost())
                .setHttp2MaxSize(Math.max(1, options.maxConnectionsPerHost() / 32));
        return vertx.createHttpClient(http, pool);
    }

    /**
     * Starts one call and returns at once. The exchange's {@link UpstreamExchange#head()} completes
     * when the response head arrives, or fails with {@link UpstreamTimeoutException},
     * {@link UpstreamConnectionException} or {@link UpstreamCancelledException}.
     */
    public UpstreamExchange send(UpstreamCall call) {
        UpstreamExchange exchange = new UpstreamExchange(vertx, call, options.connectTimeout());
        exchange.start(poolFor(exchange.context()));
        return exchange;
    }

    /** The pool of the context's event loop; the fallback pool for a worker (or unknown) context. */
    HttpClientAgent poolFor(Context context) {
        if (context instanceof ContextInternal c && c.isEventLoopContext()) {
            EventLoop loop = c.nettyEventLoop();
            HttpClientAgent pool = loop == null ? null : perLoop.get(loop);
            if (pool != null) {
                return pool;
            }
        }
        return fallback;
    }

    /** How many per-loop pools there are (one per event loop), for tests. */
    int loopPools() {
        return perLoop.size();
    }

    /** Closes every pool, the per-loop ones and the fallback. */
    @Override
    public void close() {
        perLoop.values().forEach(HttpClientAgent::close);
        fallback.close();
    }
}
