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
        return new PassThroughStream(protocol, clientWantsUsage);
    }
}
