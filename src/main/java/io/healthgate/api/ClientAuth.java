package io.healthgate.api;

import io.vertx.core.http.HttpServerRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Checks a client's key, given as {@code Authorization: Bearer <key>} or {@code x-api-key: <key>}.
 * Every configured key is compared, in constant time, whatever matched first, so timing says
 * nothing about which key or how much of one was right. With no keys configured every request passes.
 */
final class ClientAuth {
    private final List<byte[]> keys;

    ClientAuth(List<String> keys) {
        this.keys = keys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
    }

    boolean open() {
        return keys.isEmpty();
    }

    boolean allows(HttpServerRequest request) {
        if (keys.isEmpty()) {
            return true;
        }
        String presented = presented(request);
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        byte[] p = presented.getBytes(StandardCharsets.UTF_8);
        boolean ok = false;
        for (byte[] k : keys) {
            ok |= MessageDigest.isEqual(k, p);
        }
        return ok;
    }

    private static String presented(HttpServerRequest request) {
        String auth = request.getHeader("authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        String key = request.getHeader("x-api-key");
        return key == null ? null : key.trim();
    }
}
