package io.healthgate.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A masked fingerprint of a secret: the first 8 hex digits of its SHA-256 and its length, enough
 * to tell two keys apart or to see that two machines hold the same key, never enough to recover
 * it. Values too short to hide behind 32 bits of hash get only their length.
 */
final class Fingerprint {
    static final int MIN_LENGTH_FOR_HASH = 16;

    private Fingerprint() {
    }

    static String of(String secret) {
        int n = secret.length();
        String chars = n + (n == 1 ? " char" : " chars");
        if (n < MIN_LENGTH_FOR_HASH) {
            return chars + " (too short to fingerprint)";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 4) + ", " + chars;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
