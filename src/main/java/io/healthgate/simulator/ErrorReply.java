package io.healthgate.simulator;

import io.healthgate.catalog.Protocol;

import java.util.Map;

/**
 * An error answer in the shape the real providers send, per protocol. Bodies are modelled on
 * captured provider responses (data/error-bodies.tsv); no key ever appears in one, except in
 * the {@link Fault#ECHO_KEY} answer, whose point is to repeat the caller's key.
 */
record ErrorReply(int status, String contentType, String body, Map<String, String> headers) {
    private static final String JSON = "application/json";
    static final String TOKEN_FLOOR_MESSAGE =
            "Could not finish the message because max_tokens or model output limit was reached. Please try again with higher max_tokens.";
    private static final String BAD_GATEWAY_HTML = "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n"
            + "<center><h1>502 Bad Gateway</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n";

    static ErrorReply of(Protocol protocol, Fault fault, String model, int retryAfterSeconds, int tokenFloor) {
        boolean a = protocol == Protocol.ANTHROPIC;
        return switch (fault) {
            case RATE_LIMITED -> new ErrorReply(429, JSON, a
                    ? AnthropicWire.errorBody("rate_limit_error", "This request would exceed your account's rate limit. Please try again later.")
                    : OpenAiWire.errorBody("Rate limit reached for requests. Please try again in " + retryAfterSeconds + "s.", "requests", "rate_limit_exceeded"),
                    Map.of("retry-after", String.valueOf(retryAfterSeconds)));
            case SERVER_ERROR, STREAM_ERROR -> json(500, a ? AnthropicWire.errorBody("api_error", "Internal server error")
                    : OpenAiWire.errorBody("The server had an error while processing your request. Sorry about that!", "server_error", null));
            case BAD_GATEWAY -> new ErrorReply(502, "text/html", BAD_GATEWAY_HTML, Map.of());
            case UNAVAILABLE -> json(503, a ? AnthropicWire.errorBody("api_error", "Service unavailable")
                    : OpenAiWire.errorBody("That model is currently overloaded with other requests. You can retry your request.", "server_error", null));
            case OVERLOADED -> json(529, a ? AnthropicWire.errorBody("overloaded_error", "Overloaded")
                    : OpenAiWire.errorBody("Overloaded", "overloaded_error", null));
            case AUTH_REJECTED -> unauthorized(protocol);
            case NO_CREDITS -> json(402, a
                    ? AnthropicWire.errorBody("billing_error", "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.")
                    : OpenAiWire.errorBody("Insufficient credits. Add more credits to continue.", "insufficient_quota", "insufficient_quota"));
            case NOT_FOUND -> modelNotFound(protocol, model);
            case TOKEN_FLOOR -> json(400, a
                    ? AnthropicWire.errorBody("invalid_request_error", "max_tokens: this model needs at least " + tokenFloor
                        + " output tokens; " + TOKEN_FLOOR_MESSAGE)
                    : OpenAiWire.errorBody(TOKEN_FLOOR_MESSAGE, "invalid_request_error", null));
            case NONE, HANG, CUT_STREAM, MALFORMED, RESET, STALL, MALFORMED_EVENT, CUT_AFTER_TOKENS, ECHO_KEY -> throw new IllegalArgumentException(fault + " is not an error status");
        };
    }

    static String keyEchoMessage(String key) {
        return "Incorrect API key provided: " + key + ". You can find your API key at https://platform.openai.com/account/api-keys.";
    }

    /** 401 repeating the key the caller sent, in the protocol's shape. */
    static ErrorReply keyEcho(Protocol protocol, String key) {
        return json(401, protocol == Protocol.ANTHROPIC
                ? AnthropicWire.errorBody("authentication_error", keyEchoMessage(key))
                : OpenAiWire.errorBody(keyEchoMessage(key), "invalid_request_error", "invalid_api_key"));
    }

    /** The prompt does not fit the model's window: OpenAI's context_length_exceeded, Anthropic's "prompt is too long". */
    static ErrorReply contextLength(Protocol protocol, int window, int promptTokens) {
        if (protocol == Protocol.ANTHROPIC) {
            return json(400, AnthropicWire.errorBody("invalid_request_error",
                    "prompt is too long: " + promptTokens + " tokens > " + window + " maximum"));
        }
        com.fasterxml.jackson.databind.node.ObjectNode body = ScenarioJson.JSON.createObjectNode();
        body.putObject("error").put("message", "This model's maximum context length is " + window + " tokens. However, your messages resulted in "
                + promptTokens + " tokens. Please reduce the length of the messages.")
                .put("type", "invalid_request_error").put("param", "messages").put("code", "context_length_exceeded");
        return json(400, body.toString());
    }

    /** The model does not continue an assistant prefix (prefill). */
    static ErrorReply prefixRefused(Protocol protocol) {
        return badRequest(protocol, "This model does not support assistant message prefill. The conversation must end with a user message.");
    }

    static ErrorReply unauthorized(Protocol protocol) {
        return json(401, protocol == Protocol.ANTHROPIC
                ? AnthropicWire.errorBody("authentication_error", "invalid x-api-key")
                : OpenAiWire.errorBody("Incorrect API key provided. You can find your API key in your account settings.",
                    "invalid_request_error", "invalid_api_key"));
    }

    static ErrorReply modelNotFound(Protocol protocol, String model) {
        return json(404, protocol == Protocol.ANTHROPIC
                ? AnthropicWire.errorBody("not_found_error", "model: " + model)
                : OpenAiWire.errorBody("The model `" + model + "` does not exist", "invalid_request_error", "model_not_found"));
    }

    static ErrorReply badRequest(Protocol protocol, String message) {
        return json(400, protocol == Protocol.ANTHROPIC
                ? AnthropicWire.errorBody("invalid_request_error", message)
                : OpenAiWire.errorBody(message, "invalid_request_error", null));
    }

    static ErrorReply notFound(Protocol protocol, String message) {
        return json(404, protocol == Protocol.ANTHROPIC
                ? AnthropicWire.errorBody("not_found_error", message)
                : OpenAiWire.errorBody(message, "invalid_request_error", "not_found"));
    }

    private static ErrorReply json(int status, String body) {
        return new ErrorReply(status, JSON, body, Map.of());
    }
}
