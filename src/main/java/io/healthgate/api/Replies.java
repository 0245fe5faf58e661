package io.healthgate.api;

import io.healthgate.proxy.FrontDoor;
import io.vertx.core.http.HttpServerResponse;

/** Small helpers for JSON answers written by the front itself (not proxied). */
final class Replies {
    private Replies() {
    }

    static void error(HttpServerResponse response, FrontDoor door, int status, String message, String code) {
        if (response.ended() || response.headWritten()) {
            return;
        }
        response.setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end(door.errorBody(status, message, code).toString());
    }

    static void json(HttpServerResponse response, int status, String body) {
        if (response.ended() || response.headWritten()) {
            return;
        }
        response.setStatusCode(status).putHeader("content-type", "application/json").end(body);
    }
}
