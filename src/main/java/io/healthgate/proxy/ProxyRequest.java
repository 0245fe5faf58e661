package io.healthgate.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.catalog.Catalog;

import java.util.Map;
import java.util.Objects;

/**
 * A validated front-door request, ready for its journey.
 *
 * @param body the client's JSON body as sent (unknown fields included); never mutated
 * @param clientHeaders protocol headers worth forwarding (anthropic-version, anthropic-beta), lower-case names
 * @param startNanos when the request arrived ({@link System#nanoTime()}), for the total deadline
 */
public record ProxyRequest(
        FrontDoor frontDoor,
        String requestId,
        Catalog.Resolution resolution,
        ObjectNode body,
        boolean stream,
        Map<String, String> clientHeaders,
        long startNanos) {

    public ProxyRequest {
        Objects.requireNonNull(frontDoor, "frontDoor");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(resolution, "resolution");
        Objects.requireNonNull(body, "body");
        clientHeaders = clientHeaders == null ? Map.of() : Map.copyOf(clientHeaders);
    }

    /** The model as the client asked for it. */
    public String requestedModel() {
        return body.path("model").asText("");
    }
}
