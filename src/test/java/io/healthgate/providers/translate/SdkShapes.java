package io.healthgate.providers.translate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks translated JSON against the official SDKs' own models: if the OpenAI or Anthropic Java
 * SDK can read it and {@code validate()} passes, a real client can too.
 */
final class SdkShapes {

    private SdkShapes() {
    }

    /** The SDK's validate() rejects model names outside its own enum, so a known one stands in. */
    static void openAiRequest(JsonNode json) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = json.deepCopy();
        copy.put("model", "gpt-4o");
        read(com.openai.core.ObjectMappers.jsonMapper(), copy,
                com.openai.models.chat.completions.ChatCompletionCreateParams.Body.class).validate();
    }

    static void openAiCompletion(JsonNode json) {
        read(com.openai.core.ObjectMappers.jsonMapper(), json, com.openai.models.chat.completions.ChatCompletion.class).validate();
    }

    static void openAiChunk(JsonNode json) {
        read(com.openai.core.ObjectMappers.jsonMapper(), json, com.openai.models.chat.completions.ChatCompletionChunk.class).validate();
    }

    static void openAiResponse(JsonNode json) {
        read(com.openai.core.ObjectMappers.jsonMapper(), json, com.openai.models.responses.Response.class).validate();
    }

    /** A Responses stream event; validate() on the union checks the variant its {@code type} names. */
    static com.openai.models.responses.ResponseStreamEvent openAiResponseEvent(JsonNode json) {
        var e = read(com.openai.core.ObjectMappers.jsonMapper(), json, com.openai.models.responses.ResponseStreamEvent.class);
        e.validate();
        return e;
    }

    static void openAiResponsesRequest(JsonNode json) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = json.deepCopy();
        copy.put("model", "gpt-4o");
        read(com.openai.core.ObjectMappers.jsonMapper(), copy,
                com.openai.models.responses.ResponseCreateParams.Body.class).validate();
    }

    static void openAiLegacyCompletion(JsonNode json) {
        read(com.openai.core.ObjectMappers.jsonMapper(), json, com.openai.models.completions.Completion.class).validate();
    }

    static void anthropicRequest(JsonNode json) {
        read(com.anthropic.core.ObjectMappers.jsonMapper(), json,
                com.anthropic.models.messages.MessageCreateParams.Body.class).validate();
    }

    static void anthropicMessage(JsonNode json) {
        read(com.anthropic.core.ObjectMappers.jsonMapper(), json, com.anthropic.models.messages.Message.class).validate();
    }

    static void anthropicEvent(JsonNode json) {
        read(com.anthropic.core.ObjectMappers.jsonMapper(), json, com.anthropic.models.messages.RawMessageStreamEvent.class).validate();
    }

    private static <T> T read(com.fasterxml.jackson.databind.ObjectMapper mapper, JsonNode json, Class<T> type) {
        try {
            return mapper.readValue(json.toString(), type);
        } catch (Exception e) {
            throw new AssertionError("the SDK cannot read this as " + type.getSimpleName() + ": " + e.getMessage() + "\n" + json, e);
        }
    }
}
