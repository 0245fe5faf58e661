package io.healthgate.api;

import io.healthgate.proxy.FrontDoor;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a client connection may cost the process; one instance is shared by every server instance.
 * <ul>
 *   <li>{@code headerRead}: a new connection must deliver its first request's headers within it,
 *       else it is closed (slowloris clients open connections and trickle headers, each byte
 *       resetting an idle timer). Later requests on a kept-alive connection are bounded by
 *       {@code idle} between them.</li>
 *   <li>{@code idle}: a connection silent both ways that long is closed (Vert.x's idle timeout).</li>
 *   <li>{@code bodyRead}: a request must deliver its whole body within it of its headers, else it is
 *       answered 408 in the door's shape and its connection closed (a Content-Length longer than
 *       the body, a trickled upload).</li>
 *   <li>{@code maxConnections}: client connections open at once; one over the cap has its request
 *       answered 503 in the door's shape with {@code retry-after} and is closed: a clean refusal
 *       instead of running out of open files.</li>
 * </ul>
 * What clients do wrong is logged through {@link ClientNoise} (INFO, rate-limited).
 */
public final class ConnectionLimits {
    private final Duration bodyRead;
    private final Duration idle;
    private final Duration headerRead;
    private final int maxConnections;
    private final AtomicInteger open = new AtomicInteger();
    /** Connections whose first request's headers have not arrived yet: their header-read timer. */
    private final Map<HttpConnection, Long> awaitingHeaders = new ConcurrentHashMap<>();
    /** Connections accepted over the cap: their request is refused. */
    private final Set<HttpConnection> overCap = ConcurrentHashMap.newKeySet();

    public ConnectionLimits(Duration bodyRead, Duration idle, Duration headerRead, int maxConnections) {
        this.bodyRead = Objects.requireNonNull(bodyRead, "bodyRead");
        this.idle = Objects.requireNonNull(idle, "idle");
        this.headerRead = Objects.requireNonNull(headerRead, "headerRead");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be >= 1, got " + maxConnections);
        }
        this.maxConnections = maxConnections;
    }

    public Duration bodyRead() {
        return bodyRead;
    }

    public Duration idle() {
        return idle;
    }

    public Duration headerRead() {
        return headerRead;
    }

    public int maxConnections() {
        return maxConnections;
    }

    /** Client connections open now, across every server instance. */
    public int open() {
        return open.get();
    }

    /** Called for each new connection: counts it, marks it when over the cap, arms its header deadline. */
    void accept(Vertx vertx, HttpConnection conn, ClientNoise noise) {
        int n = open.incrementAndGet();
        if (n > maxConnections) {
            overCap.add(conn);
            noise.note("connection-cap", "{} client connections open, over server.max_connections {}: refusing {} with 503",
                    n, maxConnections, conn.remoteAddress());
        }
        long timer = vertx.setTimer(millis(headerRead), id -> {
            if (awaitingHeaders.remove(conn) != null) {
                noise.note("header-timeout", "connection from {}: no complete request headers within {} s; closed",
                        conn.remoteAddress(), headerRead.toSeconds());
                conn.close();
            }
        });
        awaitingHeaders.put(conn, timer);
        conn.closeHandler(v -> {
            open.decrementAndGet();
            overCap.remove(conn);
            Long t = awaitingHeaders.remove(conn);
            if (t != null) {
                vertx.cancelTimer(t);
            }
        });
    }

    /**
     * Called for each request once its headers are in: ends its connection's header deadline and
     * arms its body deadline; a connection over the cap is answered 503 instead.
     *
     * @return false when the request was answered here (refused) and must not be routed
     */
    boolean arm(Vertx vertx, HttpServerRequest request, ClientNoise noise) {
        HttpConnection conn = request.connection();
        Long headerTimer = conn == null ? null : awaitingHeaders.remove(conn);
        if (headerTimer != null) {
            vertx.cancelTimer(headerTimer);
        }
        if (conn != null && overCap.contains(conn)) {
            request.response().setStatusCode(503).putHeader("content-type", "application/json").putHeader("retry-after", "1")
                    .putHeader("connection", "close")
                    .end(doorOf(request).errorBody(503, "the gateway has too many connections open (server.max_connections "
                            + maxConnections + "); retry shortly", "too_many_connections").toString())
                    .onComplete(x -> conn.close());
            return false;
        }
        if (request.isEnded()) {
            return true;
        }
        long timer = vertx.setTimer(millis(bodyRead), id -> {
            if (request.isEnded() || request.response().ended()) {
                return;
            }
            // The client's doing, not the gateway's: INFO, not ERROR.
            noise.note("body-timeout", "request {} {} from {}: body not complete within {} s; answered 408 and closed",
                    request.method(), request.path(), request.remoteAddress(), bodyRead.toSeconds());
            if (request.response().headWritten()) {
                request.connection().close();
                return;
            }
            request.response().setStatusCode(408).putHeader("content-type", "application/json").putHeader("connection", "close")
                    .end(doorOf(request).errorBody(408, "the request body did not arrive within " + bodyRead.toSeconds() + " s",
                            "request_timeout").toString())
                    .onComplete(x -> request.connection().close());
        });
        // Cancelled once the body is in. A timer left to run would hold every request (with its
        // response and connection) for the whole deadline: at 10,000 req/s that is 300,000 live
        // requests, the old generation full and the server stalled in back-to-back full collections.
        request.end().onComplete(x -> vertx.cancelTimer(timer));
        return true;
    }

    private static FrontDoor doorOf(HttpServerRequest request) {
        return request.path() != null && request.path().startsWith("/v1/messages") ? FrontDoor.ANTHROPIC : FrontDoor.OPENAI;
    }

    private static long millis(Duration d) {
        return Math.max(1, Math.min(d.toMillis(), Long.MAX_VALUE / 4));
    }
}
