package io.healthgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Protocol;
import io.healthgate.providers.RawBodies;
import io.healthgate.providers.RequestScan;
import io.healthgate.providers.translate.ResponsesContext;
import io.healthgate.providers.translate.StreamTranslator;
import io.healthgate.providers.translate.TolerantStream;
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
    private final ProxyRequest request;
    private final ResponsesTurn turn;
    private final ResponseStore store;

    Bridge(FrontDoor front, Gateway gateway, ProxyRequest request, long createdEpochSeconds, boolean reasoningModel,
           ResponsesTurn turn, ResponseStore store) {
        this.front = front;
        this.gateway = gateway;
        this.upstream = gateway.protocol();
        this.request = request;
        this.requestedModel = request.requestedModel();
        RequestScan scan = request.scan();
        // Read from the door's scan when there is one, so a relayed request never needs its tree.
        this.clientWantsUsage = scan != null ? scan.includeUsage()
                : request.body().path("stream_options").path("include_usage").asBoolean(false);
        this.structured = scan != null && front == FrontDoor.OPENAI ? structured(scan.responseFormatType()) : structuredOutput(front, request);
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

    /**
     * True when the answer comes back in the client's own protocol and only its {@code model}
     * changes: the chat and messages doors to a gateway of their protocol. Such answers are
     * relayed as bytes with the model replaced ({@link io.healthgate.providers.RawBodies}).
     */
    boolean relaysBytes() {
        return (front == FrontDoor.OPENAI || front == FrontDoor.ANTHROPIC) && mode() == Mode.SAME;
    }

    /**
     * The upstream body as the client's bytes with only what must change replaced — the model,
     * the token-limit key this gateway wants, {@code stream_options.include_usage} for an OpenAI
     * stream — or null when this request needs the tree (no scan, a translation, a repeated
     * field, a {@code stream_options} object to merge into, both token-limit keys present).
     */
    byte[] rawRequest(String upstreamModel) {
        RequestScan scan = request.scan();
        if (scan == null || scan.spliceUnsafe() || scan.providerPresent() || !relaysBytes()) {
            return null;
        }
        boolean addUsage = upstream == Protocol.OPENAI && scan.stream() && !clientWantsUsage;
        if (addUsage && scan.streamOptionsPresent()) {
            return null;
        }
        RequestScan.Span rename = RequestScan.Span.NONE;
        String renameTo = null;
        if (upstream == Protocol.OPENAI) {
            boolean mct = gateway.maxCompletionTokens();
            RequestScan.Span other = mct ? scan.maxTokensKey() : scan.maxCompletionTokensKey();
            RequestScan.Span wanted = mct ? scan.maxCompletionTokensKey() : scan.maxTokensKey();
            if (other.present() && wanted.present()) {
                return null;
            }
            if (other.present()) {
                rename = other;
                renameTo = mct ? "max_completion_tokens" : "max_tokens";
            }
        }
        return RawBodies.request(scan, upstreamModel, rename, renameTo, addUsage);
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

    /** A fresh translator for one stream, tolerant of a stray malformed event ({@link TolerantStream}). */
    StreamTranslator stream() {
        return new TolerantStream(strictStream());
    }

    private StreamTranslator strictStream() {
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
        return new ResponsesContext(turn.id(), requestedModel, turn.createdAt(), request.body());
    }

    private Consumer<JsonNode> keeper() {
        return this::keep;
    }

    private void keep(JsonNode response) {
        if (store != null && turn != null && response != null && request.body().path("store").asBoolean(true)) {
            store.keep(turn.id(), turn.conversation(request.body().get("input"), response.get("output")));
        }
    }

    /** The Chat door's {@code response_format}, or a Responses request's {@code text.format}, asks for JSON. */
    private static boolean structuredOutput(FrontDoor front, ProxyRequest request) {
        String type = switch (front) {
            case OPENAI -> request.body().path("response_format").path("type").asText("");
            case RESPONSES -> request.body().path("text").path("format").path("type").asText("");
            default -> "";
        };
        return structured(type);
    }

    private static boolean structured(String type) {
        return type.equals("json_object") || type.equals("json_schema");
    }
}
