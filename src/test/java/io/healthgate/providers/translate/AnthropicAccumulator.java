package io.healthgate.providers.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.providers.sse.SseEvent;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Rebuilds a message from Anthropic stream events the way an SDK client does, strictly by block index. */
final class AnthropicAccumulator {

    private static final ObjectMapper M = new ObjectMapper();

    private AnthropicAccumulator() {
    }

    static JsonNode accumulate(List<SseEvent> events) throws Exception {
        ObjectNode message = null;
        Map<Integer, ObjectNode> blocks = new TreeMap<>();
        Map<Integer, StringBuilder> json = new TreeMap<>();
        for (SseEvent e : events) {
            JsonNode d = M.readTree(e.data());
            switch (e.event()) {
                case "message_start" -> message = (ObjectNode) d.get("message").deepCopy();
                case "content_block_start" -> blocks.put(d.get("index").asInt(), (ObjectNode) d.get("content_block").deepCopy());
                case "content_block_delta" -> {
                    ObjectNode b = blocks.get(d.get("index").asInt());
                    if (b == null) {
                        throw new AssertionError("delta for a block that was never started: " + e.data());
                    }
                    JsonNode delta = d.get("delta");
                    if (delta.path("type").asText().equals("text_delta")) {
                        b.put("text", b.path("text").asText() + delta.path("text").asText());
                    } else {
                        json.computeIfAbsent(d.get("index").asInt(), i -> new StringBuilder()).append(delta.path("partial_json").asText());
                    }
                }
                case "message_delta" -> {
                    if (message == null) {
                        throw new AssertionError("message_delta before message_start");
                    }
                    message.set("stop_reason", d.at("/delta/stop_reason"));
                }
                default -> { }
            }
        }
        if (message == null) {
            throw new AssertionError("no message_start");
        }
        ArrayNode content = message.putArray("content");
        for (Map.Entry<Integer, ObjectNode> b : blocks.entrySet()) {
            if (json.containsKey(b.getKey())) {
                b.getValue().set("input", M.readTree(json.get(b.getKey()).toString()));
            }
            content.add(b.getValue());
        }
        return message;
    }
}
