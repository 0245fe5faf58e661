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
 * @param turn for the Responses door: the answer's id and the earlier turns it continues; null elsewhere
 */
public record ProxyRequest(
        FrontDoor frontDoor,
        String requestId,
        Catalog.Resolution resolution,
        ObjectNode body,
        boolean stream,
        Map<String, String> clientHeaders,
        long startNanos,
        ResponsesTurn turn) {

    public ProxyRequest(FrontDoor frontDoor, String requestId, Catalog.Resolution resolution, ObjectNode body, boolean stream,
                        Map<String, String> clientHeaders, long startNanos) {
        this(frontDoor, requestId, resolution, body, stream, clientHeaders, startNanos, null);
    }

    public ProxyRequest {
        Objects.requireNonNull(frontDoor, "frontDoor");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(resolution, "resolution");
        Objects.requireNonNull(body, "body");
        clientHeaders = clientHeaders == null ? Map.of() : Map.copyOf(clientHeaders);
    }

    /** The same request with another body (e.g. the client's routing preferences taken out). */
    public ProxyRequest withBody(ObjectNode newBody) {
        return new ProxyRequest(frontDoor, requestId, resolution, newBody, stream, clientHeaders, startNanos, turn);
    }

    /** The same request continuing a Responses conversation. */
    public ProxyRequest withTurn(ResponsesTurn newTurn) {
        return new ProxyRequest(frontDoor, requestId, resolution, body, stream, clientHeaders, startNanos, newTurn);
    }

    /** The model as the client asked for it. */
    public String requestedModel() {
        return body.path("model").asText("");
    }
}
