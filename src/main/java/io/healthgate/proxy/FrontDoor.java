package io.healthgate.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.catalog.Protocol;
import io.healthgate.providers.translate.ErrorShapes;

/**
 * The protocol a client spoke to us in. Every answer to that client, errors and mid-stream
 * failures included, is written in the same protocol's shape, so an SDK pointed at Healthgate
 * never sees a body it cannot parse.
 */
public enum FrontDoor {
    /** {@code POST /v1/chat/completions}: errors are {@code {"error":{"message","type","code"}}}. */
    OPENAI(Protocol.OPENAI),
    /** {@code POST /v1/messages}: errors are {@code {"type":"error","error":{"type","message"}}}. */
    ANTHROPIC(Protocol.ANTHROPIC),
    /** {@code POST /v1/responses}, the OpenAI Responses API: OpenAI error shape; streams are typed events. */
    RESPONSES(Protocol.OPENAI),
    /** {@code POST /v1/embeddings}: OpenAI shape; served by embedding models on OpenAI-protocol gateways only. */
    EMBEDDINGS(Protocol.OPENAI),
    /** {@code POST /v1/completions}, legacy text completions: OpenAI shape. */
    COMPLETIONS(Protocol.OPENAI);

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
        return errorBody(status, message, code, null);
    }

    /** As {@link #errorBody(int, String, String)}, naming the request field at fault (OpenAI's {@code param}). */
    public ObjectNode errorBody(int status, String message, String code, String param) {
        return protocol == Protocol.OPENAI ? ErrorShapes.openAi(status, message, code, param) : ErrorShapes.anthropic(status, message);
    }

    /**
     * The SSE frame that ends a stream which failed after its first byte reached the client:
     * OpenAI chat clients read a {@code data:} line carrying an error object, Anthropic and
     * Responses clients an {@code event: error}.
     */
    public String streamErrorFrame(int status, String message) {
        String json = errorBody(status, message).toString();
        return this == OPENAI || this == COMPLETIONS ? "data: " + json + "\n\n" : "event: error\ndata: " + json + "\n\n";
    }

    /** True for the doors whose body carries chat {@code messages}. */
    public boolean chat() {
        return this == OPENAI || this == ANTHROPIC;
    }
}
