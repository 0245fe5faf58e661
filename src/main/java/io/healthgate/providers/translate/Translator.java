package io.healthgate.providers.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one entry point for OpenAI ⇄ Anthropic protocol translation. Every method is pure: it reads
 * its input (never modifies it) and returns a new node. Requests that cannot be expressed in the
 * other protocol raise {@link TranslationException} (a 400 for the client). Streams translate
 * through {@link #openAiStreamToAnthropic} and {@link #anthropicStreamToOpenAi}.
 *
 * <p>What each direction maps and drops is documented on the package-private classes behind it:
 * {@code AnthropicToOpenAiRequest}, {@code OpenAiToAnthropicRequest}, {@code Responses},
 * {@link OpenAiToAnthropicStream}, {@link AnthropicToOpenAiStream}.
 */
public final class Translator {

    private Translator() {
    }

    /** An Anthropic Messages request, for an OpenAI-protocol gateway. */
    public static ObjectNode anthropicRequestToOpenAi(JsonNode messagesRequest) {
        return AnthropicToOpenAiRequest.translate(messagesRequest);
    }

    /** An OpenAI chat request, for an Anthropic-protocol gateway. */
    public static ObjectNode openAiRequestToAnthropic(JsonNode chatRequest) {
        return OpenAiToAnthropicRequest.translate(chatRequest);
    }

    /**
     * An OpenAI {@code chat.completion}, for an Anthropic client.
     *
     * @param model the model name to report (the client's requested id), or null to keep the upstream's
     */
    public static ObjectNode openAiResponseToAnthropic(JsonNode chatCompletion, String model) {
        return Responses.openAiToAnthropic(chatCompletion, model);
    }

    /**
     * An Anthropic {@code message}, for an OpenAI client.
     *
     * @param model the model name to report, or null to keep the upstream's
     * @param createdEpochSeconds the {@code created} field (Anthropic responses carry no timestamp)
     */
    public static ObjectNode anthropicResponseToOpenAi(JsonNode message, String model, long createdEpochSeconds) {
        return Responses.anthropicToOpenAi(message, model, createdEpochSeconds);
    }

    /** A stateful translator for one OpenAI chunk stream, emitting Anthropic events. */
    public static OpenAiToAnthropicStream openAiStreamToAnthropic(String model) {
        return new OpenAiToAnthropicStream(model);
    }

    /**
     * A stateful translator for one Anthropic event stream, emitting OpenAI chunks.
     *
     * @param includeUsage the client asked for {@code stream_options.include_usage}
     */
    public static AnthropicToOpenAiStream anthropicStreamToOpenAi(String model, boolean includeUsage, long createdEpochSeconds) {
        return new AnthropicToOpenAiStream(model, includeUsage, createdEpochSeconds);
    }

    /**
     * A tracker for a stream relayed in its own protocol (no translation), with the same
     * completion, usage and error bookkeeping as the translators.
     *
     * @param clientWantsUsage false when the gateway itself added {@code include_usage} (OpenAI): the usage chunk is withheld
     */
    public static PassThroughStream passThrough(io.healthgate.catalog.Protocol protocol, boolean clientWantsUsage) {
        return new PassThroughStream(protocol, clientWantsUsage, null);
    }

    /** As {@link #passThrough(io.healthgate.catalog.Protocol, boolean)}, with {@code model} in every event the id the client asked for. */
    public static PassThroughStream passThrough(io.healthgate.catalog.Protocol protocol, boolean clientWantsUsage, String model) {
        return new PassThroughStream(protocol, clientWantsUsage, model);
    }

    /** An Anthropic Messages request for an OpenAI-protocol gateway; thinking becomes reasoning_effort only for a reasoning model. */
    public static ObjectNode anthropicRequestToOpenAi(JsonNode messagesRequest, boolean reasoningModel) {
        return AnthropicToOpenAiRequest.translate(messagesRequest, reasoningModel);
    }

    /** An Anthropic message for an OpenAI client; {@code structured}: the request carried a response_format. */
    public static ObjectNode anthropicResponseToOpenAi(JsonNode message, String model, long createdEpochSeconds, boolean structured) {
        return Responses.anthropicToOpenAi(message, model, createdEpochSeconds, structured);
    }

    /** An Anthropic stream for an OpenAI client; {@code structured}: the request carried a response_format. */
    public static AnthropicToOpenAiStream anthropicStreamToOpenAi(String model, boolean includeUsage, long createdEpochSeconds,
                                                                  boolean structured) {
        return new AnthropicToOpenAiStream(model, includeUsage, createdEpochSeconds, structured);
    }

    // --- Responses API (POST /v1/responses) ---

    /**
     * A Responses API request as a chat completions request.
     *
     * @param previousItems the stored input and output items of {@code previous_response_id}, oldest first (empty when none)
     */
    public static ObjectNode responsesRequestToChat(JsonNode responsesRequest, JsonNode previousItems) {
        return ResponsesToChatRequest.translate(responsesRequest, previousItems);
    }

    /** A Responses API request for an Anthropic-protocol gateway (by way of chat). */
    public static ObjectNode responsesRequestToAnthropic(JsonNode responsesRequest, JsonNode previousItems) {
        return OpenAiToAnthropicRequest.translate(ResponsesToChatRequest.translate(responsesRequest, previousItems));
    }

    /** A chat completion as a Responses API {@code response}. */
    public static ObjectNode chatResponseToResponses(JsonNode chatCompletion, ResponsesContext ctx) {
        return ResponseObjects.fromChat(chatCompletion, ctx);
    }

    /** An Anthropic message as a Responses API {@code response}. */
    public static ObjectNode anthropicResponseToResponses(JsonNode message, ResponsesContext ctx, boolean structured) {
        return ResponseObjects.fromChat(Responses.anthropicToOpenAi(message, ctx.model(), ctx.createdAt(), structured), ctx);
    }

    /** A chat chunk stream as the Responses API's typed events. */
    public static StreamTranslator chatStreamToResponses(ResponsesContext ctx, java.util.function.Consumer<JsonNode> onCompleted) {
        return new ChatToResponsesStream(ctx, onCompleted);
    }

    /** An Anthropic event stream as the Responses API's typed events (by way of chat chunks). */
    public static StreamTranslator anthropicStreamToResponses(ResponsesContext ctx, boolean structured,
                                                              java.util.function.Consumer<JsonNode> onCompleted) {
        return new ChainedStream(new AnthropicToOpenAiStream(ctx.model(), true, ctx.createdAt(), structured),
                new ChatToResponsesStream(ctx, onCompleted));
    }

    /** A Responses stream from a gateway that serves the Responses API: relayed, with the requested model id. */
    public static StreamTranslator responsesPassThrough(String id, String model, java.util.function.Consumer<JsonNode> onCompleted) {
        return new ResponsesPassThroughStream(id, model, onCompleted);
    }

    // --- legacy completions (POST /v1/completions) ---

    /** A legacy completions request as a chat request. */
    public static ObjectNode completionsRequestToChat(JsonNode completionsRequest) {
        return LegacyCompletions.request(completionsRequest);
    }

    /** A legacy completions request for an Anthropic-protocol gateway (by way of chat). */
    public static ObjectNode completionsRequestToAnthropic(JsonNode completionsRequest) {
        return OpenAiToAnthropicRequest.translate(LegacyCompletions.request(completionsRequest));
    }

    /** A chat completion as a {@code text_completion}. */
    public static ObjectNode chatResponseToCompletion(JsonNode chatCompletion, String model) {
        return LegacyCompletions.response(chatCompletion, model);
    }

    /** An Anthropic message as a {@code text_completion}. */
    public static ObjectNode anthropicResponseToCompletion(JsonNode message, String model, long createdEpochSeconds) {
        return LegacyCompletions.response(Responses.anthropicToOpenAi(message, model, createdEpochSeconds), model);
    }

    /** A chat chunk stream as {@code text_completion} chunks. */
    public static StreamTranslator chatStreamToCompletions(String model, boolean includeUsage) {
        return new LegacyCompletions.Stream(model, includeUsage);
    }

    /** An Anthropic event stream as {@code text_completion} chunks (by way of chat chunks). */
    public static StreamTranslator anthropicStreamToCompletions(String model, boolean includeUsage, long createdEpochSeconds) {
        return new ChainedStream(new AnthropicToOpenAiStream(model, true, createdEpochSeconds),
                new LegacyCompletions.Stream(model, includeUsage));
    }
}
