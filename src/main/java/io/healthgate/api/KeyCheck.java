package io.healthgate.api;

import io.vertx.core.http.HttpServerRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Checks a presented key ({@code Authorization: Bearer <key>} or {@code x-api-key}) against a set,
 * comparing against every key in constant time whatever matched, so timing reveals nothing.
 */
final class KeyCheck {
    private final List<byte[]> keys;

    KeyCheck(List<String> keys) {
        this.keys = keys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
    }

    boolean isEmpty() {
        return keys.isEmpty();
    }

    /** False with no keys configured: the caller decides what "no keys" means. */
    boolean allows(HttpServerRequest request) {
        String presented = presented(request);
        if (presented == null || presented.isEmpty() || keys.isEmpty()) {
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
