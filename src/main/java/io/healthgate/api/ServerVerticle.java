package io.healthgate.api;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP server instance; the composition root deploys one per core, all sharing the port.
 * Every request is counted in the api's {@link InFlight} until it is answered, so the process's
 * shutdown can drain them while the port still answers (503 at the doors) before it stops the
 * servers. Stopping it then closes the listener and gives what is left {@code grace} to end.
 */
public final class ServerVerticle extends VerticleBase {
    private final HttpApi api;
    private final HttpServerOptions options;
    private final Duration grace;
    private final ConnectionLimits limits;
    private HttpServer server;
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
                // Plain HTTP/1.1 (HTTP/2 comes from the TLS-terminating load balancer): with cleartext
                // HTTP/2 on, Vert.x sees a connection only after its first bytes, so silent
                // connections would escape the connection cap and the header read timeout.
                .setHttp2ClearTextEnabled(false)
                .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, limits.idle().toSeconds()))
                .setIdleTimeoutUnit(TimeUnit.SECONDS);
    }

    @Override
    public Future<?> start() {
        io.vertx.ext.web.Router router = api.router(vertx);
        server = vertx.createHttpServer(options)
                .connectionHandler(conn -> limits.accept(vertx, conn, api.noise))
                .requestHandler(request -> {
                    api.admit(request);
                    if (limits.arm(vertx, request, api.noise)) {
                        router.handle(request);
                    }
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
