package io.healthgate.providers.translate;

/** finish_reason (OpenAI) and stop_reason (Anthropic), each way. */
final class StopReasons {

    private StopReasons() {
    }

    /**
     * stop → end_turn, length → max_tokens, tool_calls/function_call → tool_use,
     * content_filter → refusal; anything else (or none) → end_turn.
     */
    static String toAnthropic(String finishReason) {
        if (finishReason == null) {
            return "end_turn";
        }
        return switch (finishReason) {
            case "length" -> "max_tokens";
            case "tool_calls", "function_call" -> "tool_use";
            case "content_filter" -> "refusal";
            default -> "end_turn";
        };
    }

    /**
     * end_turn/stop_sequence/pause_turn → stop, max_tokens → length, tool_use → tool_calls,
     * refusal → content_filter; anything else (or none) → stop.
     */
    static String toOpenAi(String stopReason) {
        if (stopReason == null) {
            return "stop";
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            default -> "stop";
        };
    }
}
