package io.healthgate.api;

import io.healthgate.proxy.FrontDoor;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

import java.time.Duration;
import java.util.Objects;

/**
 * What a client connection may cost the process. A connection silent both ways for {@code idle} is
 * closed (Vert.x's idle timeout: idle keep-alive clients, and clients that stop in the middle of
 * their headers); a request must deliver its whole body within {@code bodyRead} of its headers,
 * else it is answered 408 in the door's shape and its connection closed (a Content-Length longer
 * than the body, a trickled upload).
 */
public record ConnectionLimits(Duration bodyRead, Duration idle) {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ConnectionLimits.class);

    public ConnectionLimits {
        Objects.requireNonNull(bodyRead, "bodyRead");
        Objects.requireNonNull(idle, "idle");
    }

    /** Called for each request once its headers are in: arms its body deadline. */
    void arm(Vertx vertx, HttpServerRequest request) {
        if (request.isEnded()) {
            return;
        }
        long timer = vertx.setTimer(Math.max(1, Math.min(bodyRead.toMillis(), Long.MAX_VALUE / 4)), id -> {
            if (request.isEnded() || request.response().ended()) {
                return;
            }
            // The client's doing, not the gateway's: INFO, not ERROR.
            log.info("request {} {} from {}: body not complete within {} s; answered 408 and closed", request.method(), request.path(),
                    request.remoteAddress(), bodyRead.toSeconds());
            if (request.response().headWritten()) {
                request.connection().close();
                return;
            }
            FrontDoor door = request.path().startsWith("/v1/messages") ? FrontDoor.ANTHROPIC : FrontDoor.OPENAI;
            request.response().setStatusCode(408).putHeader("content-type", "application/json").putHeader("connection", "close")
                    .end(door.errorBody(408, "the request body did not arrive within " + bodyRead.toSeconds() + " s",
                            "request_timeout").toString())
                    .onComplete(x -> request.connection().close());
        });
        // Cancelled once the body is in. A timer left to run would hold every request (with its
        // response and connection) for the whole deadline: at 10,000 req/s that is 300,000 live
        // requests, the old generation full and the server stalled in back-to-back full collections.
        request.end().onComplete(x -> vertx.cancelTimer(timer));
    }
}
