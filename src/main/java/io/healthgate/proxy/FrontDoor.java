package io.healthgate.proxy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.catalog.Protocol;

/**
 * The protocol a client spoke to us in. Every answer to that client, errors and mid-stream
 * failures included, is written in the same protocol's shape, so an SDK pointed at Healthgate
 * never sees a body it cannot parse.
 */
public enum FrontDoor {
    /** {@code POST /v1/chat/completions}: errors are {@code {"error":{"message","type","code"}}}. */
    OPENAI(Protocol.OPENAI),
    /** {@code POST /v1/messages}: errors are {@code {"type":"error","error":{"type","message"}}}. */
    ANTHROPIC(Protocol.ANTHROPIC);

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private final Protocol protocol;

    FrontDoor(Protocol protocol) {
        this.protocol = protocol;
    }

    public Protocol protocol() {
        return protocol;
    }

    /** The error body for an HTTP error response with this status. */
    public ObjectNode errorBody(int status, String message) {
        return errorBody(status, message, null);
    }

    /**
     * The error body for an HTTP error response.
     *
     * @param code an OpenAI-style machine code ({@code model_not_found}); ignored by the Anthropic shape
     */
    public ObjectNode errorBody(int status, String message, String code) {
        ObjectNode error = JSON.objectNode();
        if (this == OPENAI) {
            error.put("message", message);
            error.put("type", openAiType(status));
            if (code != null) {
                error.put("code", code);
            } else {
                error.putNull("code");
            }
            ObjectNode root = JSON.objectNode();
            root.set("error", error);
            return root;
        }
        error.put("type", anthropicType(status));
        error.put("message", message);
        ObjectNode root = JSON.objectNode();
        root.put("type", "error");
        root.set("error", error);
        return root;
    }

    /**
     * The SSE frame that ends a stream which failed after its first byte reached the client:
     * OpenAI clients read a {@code data:} line carrying an error object, Anthropic clients an
     * {@code event: error}.
     */
    public String streamErrorFrame(int status, String message) {
        String json = errorBody(status, message).toString();
        return this == OPENAI ? "data: " + json + "\n\n" : "event: error\ndata: " + json + "\n\n";
    }

    static String openAiType(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? (status == 504 ? "timeout_error" : "api_error") : "invalid_request_error";
        };
    }

    static String anthropicType(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            case 504 -> "timeout_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }
}
