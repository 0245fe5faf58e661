package io.healthgate.providers;

import com.fasterxml.jackson.databind.JsonNode;
import io.healthgate.health.OutcomeClass;

/**
 * Whether a 2xx JSON body without an error is a usable answer, in either protocol and for each
 * OpenAI endpoint: a chat completion, a Responses API {@code response} (usable when completed or
 * incomplete with output; {@code failed} is the upstream's own error), an embeddings list (one
 * vector at least), a legacy {@code text_completion}.
 * An answer that is empty only because the token budget ran out (a reasoning model that spent
 * a probe's 10 tokens thinking) is {@code bad_request}/{@code output_limit}: the model is alive,
 * the request was too small.
 */
final class CompletionCheck {

    private CompletionCheck() {
    }

    static Classification check(JsonNode root) {
        if ("message".equals(root.path("type").asText()) || root.path("content").isArray()) {
            return anthropic(root);
        }
        switch (root.path("object").asText()) {
            case "response" -> {
                return response(root);
            }
            case "list" -> {
                return embeddings(root);
            }
            case "text_completion" -> {
                JsonNode choice = root.path("choices").path(0);
                return choice.path("text").isTextual() ? Classification.success()
                        : Classification.of(OutcomeClass.BAD_RESPONSE, "no_choices", "200 completion without choices");
            }
            default -> { }
        }
        JsonNode choices = root.get("choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            return Classification.of(OutcomeClass.BAD_RESPONSE, "no_choices", "200 without choices");
        }
        JsonNode choice = choices.get(0);
        JsonNode message = choice.get("message");
        if (message == null || !message.isObject()) {
            return Classification.of(OutcomeClass.BAD_RESPONSE, "no_message", "200 whose first choice has no message");
        }
        boolean hasText = message.path("content").isTextual() && !message.path("content").asText().isEmpty();
        boolean hasTools = message.path("tool_calls").isArray() && !message.path("tool_calls").isEmpty();
        boolean hasRefusal = message.path("refusal").isTextual() && !message.path("refusal").asText().isEmpty();
        if (hasText || hasTools || hasRefusal || message.path("function_call").isObject()) {
            return Classification.success();
        }
        boolean reasoned = nonEmptyText(message.get("reasoning_content")) || nonEmptyText(message.get("reasoning"));
        if (reasoned || "length".equals(choice.path("finish_reason").asText())) {
            return Classification.of(OutcomeClass.BAD_REQUEST, "output_limit",
                    "200 with no content: the token budget ran out" + (reasoned ? " while reasoning" : ""));
        }
        return Classification.of(OutcomeClass.BAD_RESPONSE, "no_content", "200 whose message has no content");
    }

    private static Classification response(JsonNode root) {
        String status = root.path("status").asText();
        if ("failed".equals(status)) {
            return Classification.of(OutcomeClass.SERVER_ERROR, "response_failed",
                    "200 with a failed response: " + root.path("error").path("message").asText(""));
        }
        if (!root.path("output").isArray() || root.path("output").isEmpty()) {
            return "incomplete".equals(status)
                    ? Classification.of(OutcomeClass.BAD_REQUEST, "output_limit", "200 with no output: the token budget ran out")
                    : Classification.of(OutcomeClass.BAD_RESPONSE, "no_output", "200 response without output");
        }
        return Classification.success();
    }

    private static Classification embeddings(JsonNode root) {
        JsonNode data = root.path("data");
        if (data.isEmpty() || !data.get(0).has("embedding")) {
            return Classification.of(OutcomeClass.BAD_RESPONSE, "no_embedding", "200 embeddings list without vectors");
        }
        return Classification.success();
    }

    private static Classification anthropic(JsonNode root) {
        JsonNode content = root.path("content");
        boolean usable = false;
        boolean thought = false;
        for (JsonNode block : content) {
            String type = block.path("type").asText();
            if ("thinking".equals(type) || "redacted_thinking".equals(type)) {
                thought = true;
            } else if (!"text".equals(type) || !block.path("text").asText().isEmpty()) {
                usable = true;
            }
        }
        if (usable) {
            return Classification.success();
        }
        if (thought || "max_tokens".equals(root.path("stop_reason").asText())) {
            return Classification.of(OutcomeClass.BAD_REQUEST, "output_limit", "200 with no content: max_tokens reached");
        }
        return Classification.of(OutcomeClass.BAD_RESPONSE, "no_content", "200 message without content");
    }

    private static boolean nonEmptyText(JsonNode n) {
        return n != null && n.isTextual() && !n.asText().isBlank();
    }
}
