package io.healthgate.providers.translate;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/**
 * What a Responses API answer needs besides the upstream's output: its id (the gateway's own,
 * so {@code previous_response_id} can name it whichever offer served it), the model the client
 * asked for, the creation time, and the client's request, whose settings the answer echoes.
 */
public record ResponsesContext(String id, String model, long createdAt, JsonNode request) {

    public ResponsesContext {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(request, "request");
    }

    /** A stable id for the n-th output item, derived from the response id. */
    String itemId(String prefix, int index) {
        String base = id.startsWith("resp_") ? id.substring("resp_".length()) : id;
        return prefix + "_" + base + "_" + index;
    }
}
