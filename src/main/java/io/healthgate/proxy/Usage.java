package io.healthgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Token counts read from an upstream answer in either protocol: OpenAI's
 * {@code usage.prompt_tokens/completion_tokens}, Anthropic's {@code usage.input_tokens/output_tokens}
 * (on the message, on {@code message_start.message} and on {@code message_delta}). Counts only ever
 * grow, since a stream reports them piecemeal.
 */
final class Usage {
    private long input;
    private long output;

    void observe(JsonNode root) {
        if (root == null) {
            return;
        }
        take(root.path("usage"));
        take(root.path("message").path("usage"));
    }

    private void take(JsonNode u) {
        if (!u.isObject()) {
            return;
        }
        input = Math.max(input, first(u, "prompt_tokens", "input_tokens"));
        output = Math.max(output, first(u, "completion_tokens", "output_tokens"));
    }

    private static long first(JsonNode u, String a, String b) {
        JsonNode n = u.has(a) ? u.get(a) : u.get(b);
        return n != null && n.canConvertToLong() ? n.asLong() : 0;
    }

    /** Counts a stream translator kept. */
    void atLeast(long in, long out) {
        input = Math.max(input, in);
        output = Math.max(output, out);
    }

    long input() {
        return input;
    }

    long output() {
        return output;
    }
}
