package io.healthgate.api;

import java.util.List;

/**
 * What the HTTP front needs to know.
 *
 * @param maxBodyBytes requests larger than this get 413 in the front door's shape
 * @param clientKeys accepted client keys; empty means the gateway serves openly
 * @param protectHealth true when the health views need a client key too (liveness never does)
 */
public record ApiSettings(long maxBodyBytes, List<String> clientKeys, boolean protectHealth) {
    public ApiSettings {
        // The limit's rule is server.max_body_bytes's (config.ServerConfig); here it only has to be a limit.
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be >= 1, got " + maxBodyBytes);
        }
        clientKeys = clientKeys == null ? List.of() : clientKeys.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** Keys from a comma-separated variable value, blanks dropped. */
    public static List<String> parseKeys(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    @Override
    public String toString() {
        // Never print the keys themselves.
        return "ApiSettings[maxBodyBytes=" + maxBodyBytes + ", clientKeys=" + clientKeys.size() + " key(s), protectHealth=" + protectHealth + "]";
    }
}
