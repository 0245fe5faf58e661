package io.healthgate.providers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One upstream call, ready to send: absolute URL, headers (including the credential) and JSON
 * body. {@link #toString()} leaves the headers out so the key can never reach a log by accident.
 */
public record UpstreamRequest(String url, Map<String, String> headers, ObjectNode body) {

    public UpstreamRequest {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(body, "body");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** The body as UTF-8 JSON bytes. */
    public byte[] bodyBytes() {
        try {
            return ErrorBodies.JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** True when the body asks for a stream. */
    public boolean streaming() {
        return body.path("stream").asBoolean(false);
    }

    @Override
    public String toString() {
        return "UpstreamRequest[POST " + url + ", headers=" + headers.keySet() + "]";
    }
}
