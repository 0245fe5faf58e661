package io.healthgate.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** The Anthropic Messages wire format: bodies, the streaming event sequence and error objects. */
final class AnthropicWire {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AnthropicWire() {
    }

    static String stopReason(Reply r) {
        return r.tool() != null ? "tool_use" : r.truncated() ? "max_tokens" : "end_turn";
    }

    static String message(Reply r, String id, String model) {
        ObjectNode body = head(id, model);
        ArrayNode content = body.putArray("content");
        if (r.tool() != null) {
            ObjectNode block = content.addObject().put("type", "tool_use").put("id", r.tool().id()).put("name", r.tool().name());
            block.set("input", parse(r.tool().arguments()));
        } else {
            content.addObject().put("type", "text").put("text", r.text());
        }
        body.put("stop_reason", stopReason(r));
        body.putNull("stop_sequence");
        body.set("usage", usage(r.promptTokens(), r.completionTokens()));
        return body.toString();
    }

    /**
     * The events of a streamed answer: message_start, content_block_start, ping,
     * content_block_delta..., content_block_stop, message_delta, message_stop.
     */
    static List<String> events(Reply r, String id, String model) {
        List<String> frames = new ArrayList<>();
        ObjectNode start = JSON.createObjectNode().put("type", "message_start");
        ObjectNode message = head(id, model);
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.set("usage", usage(r.promptTokens(), 1));
        start.set("message", message);
        frames.add(frame("message_start", start));
        ObjectNode blockStart = JSON.createObjectNode().put("type", "content_block_start").put("index", 0);
        if (r.tool() != null) {
            blockStart.putObject("content_block").put("type", "tool_use").put("id", r.tool().id())
                    .put("name", r.tool().name()).putObject("input");
        } else {
            blockStart.putObject("content_block").put("type", "text").put("text", "");
        }
        frames.add(frame("content_block_start", blockStart));
        frames.add(frame("ping", JSON.createObjectNode().put("type", "ping")));
        if (r.tool() != null) {
            String args = r.tool().arguments();
            for (int i = 0; i < args.length(); i += 8) {
                frames.add(frame("content_block_delta",
                        blockDelta("input_json_delta", "partial_json", args.substring(i, Math.min(args.length(), i + 8)))));
            }
        } else {
            for (String token : r.tokens()) {
                frames.add(frame("content_block_delta", blockDelta("text_delta", "text", token)));
            }
        }
        frames.add(frame("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", 0)));
        ObjectNode md = JSON.createObjectNode().put("type", "message_delta");
        md.putObject("delta").put("stop_reason", stopReason(r)).putNull("stop_sequence");
        md.putObject("usage").put("output_tokens", r.completionTokens());
        frames.add(frame("message_delta", md));
        frames.add(frame("message_stop", JSON.createObjectNode().put("type", "message_stop")));
        return frames;
    }

    private static ObjectNode blockDelta(String type, String field, String value) {
        ObjectNode d = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
        d.putObject("delta").put("type", type).put(field, value);
        return d;
    }

    /** An error event sent inside a stream that already answered 200. */
    static String streamError() {
        return frame("error", (ObjectNode) parse(errorBody("overloaded_error", "Overloaded")));
    }

    /** A stream error event that repeats the caller's key. */
    static String keyEchoStreamError(String key) {
        return frame("error", (ObjectNode) parse(errorBody("authentication_error", ErrorReply.keyEchoMessage(key))));
    }

    static String countTokens(int inputTokens) {
        return JSON.createObjectNode().put("input_tokens", inputTokens).toString();
    }

    static String errorBody(String type, String message) {
        ObjectNode body = JSON.createObjectNode().put("type", "error");
        body.putObject("error").put("type", type).put("message", message);
        return body.toString();
    }

    static String models(List<String> ids) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode data = body.putArray("data");
        for (String id : ids) {
            data.addObject().put("type", "model").put("id", id).put("display_name", id).put("created_at", "2025-01-01T00:00:00Z");
        }
        body.put("has_more", false);
        if (ids.isEmpty()) {
            body.putNull("first_id").putNull("last_id");
        } else {
            body.put("first_id", ids.get(0)).put("last_id", ids.get(ids.size() - 1));
        }
        return body.toString();
    }

    private static ObjectNode head(String id, String model) {
        return JSON.createObjectNode().put("id", id).put("type", "message").put("role", "assistant").put("model", model);
    }

    private static ObjectNode usage(int in, int out) {
        return JSON.createObjectNode().put("input_tokens", in).put("output_tokens", out);
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("simulator built invalid JSON", e);
        }
    }

    private static String frame(String event, ObjectNode data) {
        return "event: " + event + "\ndata: " + data + "\n\n";
    }
}
