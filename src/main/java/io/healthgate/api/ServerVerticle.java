package io.healthgate.api;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP server instance; the composition root deploys one per core, all sharing the port.
 * Stopping it shuts down gracefully: no new connections, in-flight requests (streams included)
 * may finish within the grace period, then whatever is left is closed.
 */
public final class ServerVerticle extends VerticleBase {
    private final HttpApi api;
    private final HttpServerOptions options;
    private final Duration grace;
    private final ConnectionLimits limits;
    private HttpServer server;
    /** Per connection: did a request arrive, and is it over the cap (read and written on the connection's event loop). */
    public ServerVerticle(HttpApi api, String host, int port, Duration grace, ConnectionLimits limits) {
        this.api = api;
        this.grace = grace;
        this.limits = limits;
        this.options = new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setTcpNoDelay(true)
                .setTcpKeepAlive(true)
                .setCompressionSupported(false)
                .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, limits.idle().toSeconds()))
                .setIdleTimeoutUnit(TimeUnit.SECONDS);
    }

    @Override
    public Future<?> start() {
        io.vertx.ext.web.Router router = api.router(vertx);
        server = vertx.createHttpServer(options).requestHandler(request -> {
            limits.arm(vertx, request);
            router.handle(request);
        });
        return server.listen();
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.shutdown(grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The port actually bound (useful when asked for port 0). */
    public int actualPort() {
        return server == null ? -1 : server.actualPort();
    }
}
