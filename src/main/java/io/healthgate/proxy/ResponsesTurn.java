package io.healthgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.Objects;

/**
 * One Responses API turn: the id its answer will carry (the gateway's own, so whichever offer
 * serves it, a later {@code previous_response_id} finds it), when it was created, and the items
 * of the conversation it continues (empty for a first turn).
 */
public record ResponsesTurn(String id, long createdAt, ArrayNode previousItems) {

    public ResponsesTurn {
        Objects.requireNonNull(id, "id");
        previousItems = previousItems == null ? JsonNodeFactory.instance.arrayNode() : previousItems;
    }

    /**
     * The conversation after this turn: the earlier items, this request's input (a string input
     * as one user message) and the answer's output items, in order, ready to be kept.
     */
    ArrayNode conversation(JsonNode requestInput, JsonNode responseOutput) {
        ArrayNode all = previousItems.deepCopy();
        if (requestInput != null && requestInput.isTextual()) {
            all.addObject().put("type", "message").put("role", "user").put("content", requestInput.asText());
        } else if (requestInput != null && requestInput.isArray()) {
            requestInput.forEach(i -> all.add(i.deepCopy()));
        }
        if (responseOutput != null && responseOutput.isArray()) {
            responseOutput.forEach(i -> all.add(i.deepCopy()));
        }
        return all;
    }
}
