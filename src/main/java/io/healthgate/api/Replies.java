package io.healthgate.api;

import io.healthgate.proxy.FrontDoor;
import io.vertx.core.http.HttpServerResponse;

/** Small helpers for JSON answers written by the front itself (not proxied). */
final class Replies {
    private Replies() {
    }

    static void error(HttpServerResponse response, FrontDoor door, int status, String message, String code) {
        error(response, door, status, message, code, null);
    }

    /** As {@link #error(HttpServerResponse, FrontDoor, int, String, String)}, naming the field at fault. */
    static void error(HttpServerResponse response, FrontDoor door, int status, String message, String code, String param) {
        if (response.ended() || response.headWritten()) {
            return;
        }
        response.setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end(door.errorBody(status, message, code, param).toString());
    }

    static void json(HttpServerResponse response, int status, String body) {
        if (response.ended() || response.headWritten()) {
            return;
        }
        response.setStatusCode(status).putHeader("content-type", "application/json").end(body);
    }
}
