package io.healthgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.catalog.Model;
import io.healthgate.providers.Classification;
import io.healthgate.providers.sse.SseEvent;
import io.healthgate.providers.translate.StreamTranscript;

import java.util.List;
import java.util.Optional;

/**
 * Stream rescue for one journey: a stream that failed after its first byte reached the client is
 * continued on the next candidate, asked with the conversation plus the text already sent as an
 * assistant prefix (OpenAI: a trailing assistant message; Anthropic: prefill, the same message in
 * its protocol once translated), and only the continuation is relayed.
 * <p>
 * Never for tool use or structured output (a half-written call or JSON document cannot be
 * resumed by another model), nor for several choices; then, or when no candidate continues, the
 * stream ends with the original failure's error event, so a fallback that refuses the prefix
 * never masks what went wrong first.
 */
final class Continuation {
    /** The error events of the failure that started the rescue: what the client gets if nothing continues. */
    final List<SseEvent> originalError;
    /** The failure that started the rescue, for the log. */
    final Classification originalFailure;
    final String fromGateway;

    Continuation(List<SseEvent> originalError, Classification originalFailure, String fromGateway) {
        this.originalError = List.copyOf(originalError);
        this.originalFailure = originalFailure;
        this.fromGateway = fromGateway;
    }

    /** Whether stream rescue is on for {@code model}: its own {@code stream_rescue}, else the routing default. */
    static boolean enabledFor(Model model, ProxySettings settings) {
        return model.streamRescue().orElse(settings.streamRescue());
    }

    /** Why this request's stream may not be continued, or empty when it may. */
    static Optional<String> refusal(ObjectNode body, StreamTranscript sent) {
        if (present(body.get("tools")) || present(body.get("functions")) || present(body.get("tool_choice"))) {
            return Optional.of("the request uses tools");
        }
        if (present(body.get("response_format")) || present(body.path("text").get("format"))
                || present(body.get("output_format"))) {
            return Optional.of("the request asks for structured output");
        }
        if (body.path("n").asInt(1) > 1) {
            return Optional.of("the request asks for several choices");
        }
        if (!sent.onlyText()) {
            return Optional.of("the answer so far is not plain text");
        }
        if (sent.text().isEmpty()) {
            return Optional.of("no text reached the client yet");
        }
        return Optional.empty();
    }

    /** The client's request with the text already sent appended as the assistant's own start of the answer. */
    static ObjectNode body(ObjectNode clientBody, String sentText) {
        ObjectNode copy = clientBody.deepCopy();
        JsonNode messages = copy.get("messages");
        ArrayNode list = messages instanceof ArrayNode a ? a : copy.putArray("messages");
        list.addObject().put("role", "assistant").put("content", sentText);
        return copy;
    }

    private static boolean present(JsonNode n) {
        return n != null && !n.isNull() && !(n.isContainerNode() && n.isEmpty()) && !"none".equals(n.asText(""));
    }
}
