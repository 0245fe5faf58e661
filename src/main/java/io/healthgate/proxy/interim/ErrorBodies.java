package io.healthgate.proxy.interim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** TEMPORARY: see package-info. */
public final class ErrorBodies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorBodies() {
    }

    /** The human message inside an upstream error body, or the start of the raw text. */
    public static String message(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode root = JSON.readTree(body);
            for (JsonNode m : new JsonNode[] {root.path("error").path("message"), root.path("message"), root.path("error")}) {
                if (m.isTextual()) {
                    return m.asText();
                }
            }
        } catch (Exception ignored) {
            // not JSON: fall through to the raw text
        }
        return body.length() > 200 ? body.substring(0, 200) : body;
    }
}
