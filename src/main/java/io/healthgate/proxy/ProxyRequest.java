package io.healthgate.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.catalog.Catalog;
import io.healthgate.providers.RequestScan;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;

/**
 * A validated front-door request, ready for its journey.
 * <p>
 * The body arrives as the client's bytes with their {@link RequestScan} (checked at the door, its
 * routing fields read in one streaming pass); its JSON tree is built only when something asks for
 * {@link #body()} — translation, provider preferences, the Responses door, a rescue — so a request
 * relayed in its own protocol is never parsed into a tree. A request made with a tree (or given a
 * new one by {@link #withBody}) has no scan, and everything reads the tree.
 */
public final class ProxyRequest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FrontDoor frontDoor;
    private final String requestId;
    private final Catalog.Resolution resolution;
    private final RequestScan scan;
    private ObjectNode body;
    private final boolean stream;
    private final Map<String, String> clientHeaders;
    private final long startNanos;
    private final ResponsesTurn turn;

    /**
     * @param body the client's JSON body as sent (unknown fields included); never mutated
     * @param clientHeaders protocol headers worth forwarding (anthropic-version, anthropic-beta), lower-case names
     * @param startNanos when the request arrived ({@link System#nanoTime()}), for the total deadline
     */
    public ProxyRequest(FrontDoor frontDoor, String requestId, Catalog.Resolution resolution, ObjectNode body, boolean stream,
                        Map<String, String> clientHeaders, long startNanos) {
        this(frontDoor, requestId, resolution, null, Objects.requireNonNull(body, "body"), stream, clientHeaders, startNanos, null);
    }

    /** A request as the door scanned it: the tree is built on first use of {@link #body()}. */
    public ProxyRequest(FrontDoor frontDoor, String requestId, Catalog.Resolution resolution, RequestScan scan,
                        Map<String, String> clientHeaders, long startNanos) {
        this(frontDoor, requestId, resolution, Objects.requireNonNull(scan, "scan"), null, scan.stream(), clientHeaders, startNanos, null);
    }

    private ProxyRequest(FrontDoor frontDoor, String requestId, Catalog.Resolution resolution, RequestScan scan, ObjectNode body,
                         boolean stream, Map<String, String> clientHeaders, long startNanos, ResponsesTurn turn) {
        this.frontDoor = Objects.requireNonNull(frontDoor, "frontDoor");
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.resolution = Objects.requireNonNull(resolution, "resolution");
        this.scan = scan;
        this.body = body;
        this.stream = stream;
        this.clientHeaders = clientHeaders == null ? Map.of() : Map.copyOf(clientHeaders);
        this.startNanos = startNanos;
        this.turn = turn;
    }

    public FrontDoor frontDoor() {
        return frontDoor;
    }

    public String requestId() {
        return requestId;
    }

    public Catalog.Resolution resolution() {
        return resolution;
    }

    /** The body's JSON tree (built now from the client's bytes if it was not yet); never mutated. */
    public ObjectNode body() {
        if (body == null) {
            try {
                body = (ObjectNode) JSON.readTree(scan.raw());
            } catch (IOException | ClassCastException e) {
                throw new IllegalStateException("a body the door accepted is a JSON object", e);
            }
        }
        return body;
    }

    /** The door's scan of the client's bytes, while the body is still exactly those bytes; null otherwise. */
    public RequestScan scan() {
        return scan;
    }

    public boolean stream() {
        return stream;
    }

    public Map<String, String> clientHeaders() {
        return clientHeaders;
    }

    public long startNanos() {
        return startNanos;
    }

    /** For the Responses door: the answer's id and the earlier turns it continues; null elsewhere. */
    public ResponsesTurn turn() {
        return turn;
    }

    /** The same request with another body (e.g. the client's routing preferences taken out). */
    public ProxyRequest withBody(ObjectNode newBody) {
        return new ProxyRequest(frontDoor, requestId, resolution, null, Objects.requireNonNull(newBody, "body"), stream, clientHeaders,
                startNanos, turn);
    }

    /** The same request continuing a Responses conversation. */
    public ProxyRequest withTurn(ResponsesTurn newTurn) {
        return new ProxyRequest(frontDoor, requestId, resolution, scan, body, stream, clientHeaders, startNanos, newTurn);
    }

    /** The model as the client asked for it. */
    public String requestedModel() {
        return scan != null ? scan.model() : body.path("model").asText("");
    }

    @Override
    public String toString() {
        return "ProxyRequest[" + frontDoor + " " + requestId + " " + requestedModel() + (stream ? " stream" : "") + "]";
    }
}
