package io.healthgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Protocol;
import io.healthgate.providers.translate.ResponsesContext;
import io.healthgate.providers.translate.StreamTranslator;
import io.healthgate.providers.translate.TranslationException;
import io.healthgate.providers.translate.Translator;

import java.util.function.Consumer;

/**
 * Carries one request from the front door's protocol to a gateway's protocol and endpoint, and
 * the answer back, through the one translation module ({@link Translator}). Between equal
 * protocols and endpoints bodies pass untouched except for {@code model}, which in every answer
 * is the id the client asked for (canonical id or alias), whichever offer served it; streams go
 * through a pass-through tracker with the same bookkeeping.
 *
 * <table>
 *   <caption>upstream endpoint by front door</caption>
 *   <tr><th>door</th><th>openai gateway</th><th>anthropic gateway</th></tr>
 *   <tr><td>chat completions</td><td>/chat/completions</td><td>/messages (translated)</td></tr>
 *   <tr><td>messages</td><td>/chat/completions (translated)</td><td>/messages</td></tr>
 *   <tr><td>responses</td><td>/responses if the gateway serves it, else /chat/completions (translated)</td><td>/messages (translated)</td></tr>
 *   <tr><td>completions</td><td>/completions if the gateway serves it, else /chat/completions (translated)</td><td>/messages (translated)</td></tr>
 *   <tr><td>embeddings</td><td>/embeddings</td><td>none (refused: not attempted)</td></tr>
 * </table>
 *
 * <p>OpenAI streams always ask the gateway for {@code stream_options.include_usage}, so every
 * outcome carries token counts; the usage chunk reaches the client only when it asked.
 */
final class Bridge {
    private final FrontDoor front;
    private final Protocol upstream;
    private final Gateway gateway;
    private final String requestedModel;
    private final boolean clientWantsUsage;
    private final boolean structured;
    private final boolean reasoningModel;
    private final long createdEpochSeconds;
    private final ObjectNode frontBody;
    private final ResponsesTurn turn;
    private final ResponseStore store;

    Bridge(FrontDoor front, Gateway gateway, ObjectNode frontBody, long createdEpochSeconds, boolean reasoningModel,
           ResponsesTurn turn, ResponseStore store) {
        this.front = front;
        this.gateway = gateway;
        this.upstream = gateway.protocol();
        this.frontBody = frontBody;
        this.requestedModel = frontBody.path("model").asText();
        this.clientWantsUsage = frontBody.path("stream_options").path("include_usage").asBoolean(false);
        this.structured = structuredOutput(front, frontBody);
        this.reasoningModel = reasoningModel;
        this.createdEpochSeconds = createdEpochSeconds;
        this.turn = turn;
        this.store = store;
    }

    /** The path after the gateway's base URL this request goes to. */
    String path() {
        return switch (mode()) {
            case SAME -> switch (front) {
                case OPENAI -> "/chat/completions";
                case ANTHROPIC -> "/messages";
                case RESPONSES -> "/responses";
                case COMPLETIONS -> "/completions";
                case EMBEDDINGS -> "/embeddings";
            };
            case TO_CHAT -> "/chat/completions";
            case TO_MESSAGES -> "/messages";
        };
    }

    private enum Mode { SAME, TO_CHAT, TO_MESSAGES }

    /** How this door's request reaches this gateway: as sent, as chat, or as Anthropic messages. */
    private Mode mode() {
        return switch (front) {
            case OPENAI -> upstream == Protocol.OPENAI ? Mode.SAME : Mode.TO_MESSAGES;
            case ANTHROPIC -> upstream == Protocol.ANTHROPIC ? Mode.SAME : Mode.TO_CHAT;
            case RESPONSES -> upstream == Protocol.ANTHROPIC ? Mode.TO_MESSAGES : gateway.responsesApi() ? Mode.SAME : Mode.TO_CHAT;
            case COMPLETIONS -> upstream == Protocol.ANTHROPIC ? Mode.TO_MESSAGES : gateway.completionsApi() ? Mode.SAME : Mode.TO_CHAT;
            case EMBEDDINGS -> {
                if (upstream != Protocol.OPENAI) {
                    throw new TranslationException("embeddings are not served over the " + upstream.wireName() + " protocol");
                }
                yield Mode.SAME;
            }
        };
    }

    boolean translates() {
        return mode() != Mode.SAME;
    }

    /** The request in the gateway's protocol; throws {@code TranslationException} when it cannot be expressed there. */
    ObjectNode request(ObjectNode body) {
        Mode mode = mode();
        return switch (front) {
            case OPENAI -> mode == Mode.SAME ? withUsage(body) : Translator.openAiRequestToAnthropic(body);
            case ANTHROPIC -> mode == Mode.SAME ? body : Translator.anthropicRequestToOpenAi(body, reasoningModel);
            case RESPONSES -> switch (mode) {
                case SAME -> responsesPassThrough(body);
                case TO_CHAT -> Translator.responsesRequestToChat(body, turn.previousItems());
                case TO_MESSAGES -> Translator.responsesRequestToAnthropic(body, turn.previousItems());
            };
            case COMPLETIONS -> switch (mode) {
                case SAME -> withUsage(body);
                case TO_CHAT -> Translator.completionsRequestToChat(body);
                case TO_MESSAGES -> Translator.completionsRequestToAnthropic(body);
            };
            case EMBEDDINGS -> body;
        };
    }

    /** A whole answer, back in the front door's protocol, with the model the client asked for. */
    ObjectNode response(ObjectNode upstreamBody) {
        Mode mode = mode();
        ObjectNode out = switch (front) {
            case OPENAI -> mode == Mode.SAME ? upstreamBody
                    : Translator.anthropicResponseToOpenAi(upstreamBody, requestedModel, createdEpochSeconds, structured);
            case ANTHROPIC -> mode == Mode.SAME ? upstreamBody : Translator.openAiResponseToAnthropic(upstreamBody, requestedModel);
            case RESPONSES -> switch (mode) {
                case SAME -> upstreamBody.put("id", turn.id());
                case TO_CHAT -> Translator.chatResponseToResponses(upstreamBody, responsesContext());
                case TO_MESSAGES -> Translator.anthropicResponseToResponses(upstreamBody, responsesContext(), structured);
            };
            case COMPLETIONS -> switch (mode) {
                case SAME -> upstreamBody;
                case TO_CHAT -> Translator.chatResponseToCompletion(upstreamBody, requestedModel);
                case TO_MESSAGES -> Translator.anthropicResponseToCompletion(upstreamBody, requestedModel, createdEpochSeconds);
            };
            case EMBEDDINGS -> upstreamBody;
        };
        out.put("model", requestedModel);
        if (front == FrontDoor.RESPONSES) {
            keep(out);
        }
        return out;
    }

    /** A fresh translator for one stream. */
    StreamTranslator stream() {
        Mode mode = mode();
        return switch (front) {
            case OPENAI -> mode == Mode.SAME ? Translator.passThrough(upstream, clientWantsUsage, requestedModel)
                    : Translator.anthropicStreamToOpenAi(requestedModel, clientWantsUsage, createdEpochSeconds, structured);
            case ANTHROPIC -> mode == Mode.SAME ? Translator.passThrough(upstream, true, requestedModel)
                    : Translator.openAiStreamToAnthropic(requestedModel);
            case RESPONSES -> switch (mode) {
                case SAME -> Translator.responsesPassThrough(turn.id(), requestedModel, keeper());
                case TO_CHAT -> Translator.chatStreamToResponses(responsesContext(), keeper());
                case TO_MESSAGES -> Translator.anthropicStreamToResponses(responsesContext(), structured, keeper());
            };
            case COMPLETIONS -> switch (mode) {
                case SAME -> Translator.passThrough(upstream, clientWantsUsage, requestedModel);
                case TO_CHAT -> Translator.chatStreamToCompletions(requestedModel, clientWantsUsage);
                case TO_MESSAGES -> Translator.anthropicStreamToCompletions(requestedModel, clientWantsUsage, createdEpochSeconds);
            };
            case EMBEDDINGS -> throw new TranslationException("embeddings are not streamed");
        };
    }

    private ObjectNode withUsage(ObjectNode body) {
        if (upstream == Protocol.OPENAI && body.path("stream").asBoolean(false) && !clientWantsUsage) {
            ObjectNode copy = body.deepCopy();
            ObjectNode options = copy.has("stream_options") && copy.get("stream_options").isObject()
                    ? (ObjectNode) copy.get("stream_options") : copy.putObject("stream_options");
            options.put("include_usage", true);
            return copy;
        }
        return body;
    }

    /**
     * The gateway keeps conversations itself (whichever offer serves the next turn), so the
     * upstream gets the whole input and is asked not to store it.
     */
    private ObjectNode responsesPassThrough(ObjectNode body) {
        if (!body.has("previous_response_id") && turn.previousItems().isEmpty()) {
            return body;
        }
        ObjectNode copy = body.deepCopy();
        copy.remove("previous_response_id");
        copy.set("input", turn.conversation(body.get("input"), null));
        return copy;
    }

    private ResponsesContext responsesContext() {
        return new ResponsesContext(turn.id(), requestedModel, turn.createdAt(), frontBody);
    }

    private Consumer<JsonNode> keeper() {
        return this::keep;
    }

    private void keep(JsonNode response) {
        if (store != null && turn != null && frontBody.path("store").asBoolean(true) && response != null) {
            store.keep(turn.id(), turn.conversation(frontBody.get("input"), response.get("output")));
        }
    }

    /** The Chat door's {@code response_format}, or a Responses request's {@code text.format}, asks for JSON. */
    private static boolean structuredOutput(FrontDoor front, ObjectNode body) {
        String type = switch (front) {
            case OPENAI -> body.path("response_format").path("type").asText("");
            case RESPONSES -> body.path("text").path("format").path("type").asText("");
            default -> "";
        };
        return type.equals("json_object") || type.equals("json_schema");
    }
}
