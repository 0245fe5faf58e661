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
    private HttpServer server;

    public ServerVerticle(HttpApi api, String host, int port, Duration grace) {
        this.api = api;
        this.grace = grace;
        this.options = new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setTcpNoDelay(true)
                .setTcpKeepAlive(true)
                .setCompressionSupported(false);
    }

    @Override
    public Future<?> start() {
        server = vertx.createHttpServer(options).requestHandler(api.router(vertx));
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
