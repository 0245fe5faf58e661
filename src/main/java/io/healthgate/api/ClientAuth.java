package io.healthgate.api;

import io.vertx.core.http.HttpServerRequest;

import java.util.List;

/**
 * Checks a client's key, given as {@code Authorization: Bearer <key>} or {@code x-api-key: <key>},
 * in constant time ({@link KeyCheck}). With no client keys configured every request passes (the
 * gateway then binds to 127.0.0.1 and warns at start-up).
 */
final class ClientAuth {
    private final KeyCheck keys;

    ClientAuth(List<String> keys) {
        this.keys = new KeyCheck(keys);
    }

    boolean open() {
        return keys.isEmpty();
    }

    boolean allows(HttpServerRequest request) {
        return keys.isEmpty() || keys.allows(request);
    }
}
