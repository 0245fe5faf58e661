package io.healthgate.providers;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.catalog.Protocol;

/**
 * The smallest request that proves a model answers: one short user message and a tiny
 * {@code max_tokens}, non-streaming, no temperature (reasoning models reject it). Pass the result
 * through {@link UpstreamRequests#build} like any other body. A reasoning model may spend the whole
 * budget thinking and answer with an output-limit error or an empty message; the classifier's
 * {@link Classification#forProbe()} counts that as proof of life.
 */
public final class ProbeRequests {

    public static final String PROMPT = "Reply with the single word OK.";
    public static final String EMBEDDING_INPUT = "ok";

    private ProbeRequests() {
    }

    public static ObjectNode body(Protocol protocol, String upstreamModel, int maxTokens) {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("probe max_tokens must be >= 1, got " + maxTokens);
        }
        if (protocol == Protocol.SPECIAL) {
            throw new IllegalArgumentException("special gateways need their own probe");
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("model", upstreamModel);
        body.put("max_tokens", maxTokens);
        body.putArray("messages").addObject().put("role", "user").put("content", PROMPT);
        body.put("stream", false);
        return body;
    }

    /** The embeddings probe: one short input, so an embedding offer's health costs a handful of tokens. */
    public static ObjectNode embeddingBody(String upstreamModel) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("model", upstreamModel);
        body.put("input", EMBEDDING_INPUT);
        return body;
    }
}
