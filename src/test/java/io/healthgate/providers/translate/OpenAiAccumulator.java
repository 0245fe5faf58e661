package io.healthgate.providers.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.providers.sse.SseEvent;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Rebuilds the assistant message from OpenAI chunks the way SDK clients do, merging tool calls by index. */
final class OpenAiAccumulator {

    private static final ObjectMapper M = new ObjectMapper();

    private OpenAiAccumulator() {
    }

    static JsonNode accumulate(List<SseEvent> events) throws Exception {
        StringBuilder content = new StringBuilder();
        Map<Integer, ObjectNode> calls = new TreeMap<>();
        for (SseEvent e : events) {
            if (e.isDone()) {
                continue;
            }
            JsonNode delta = M.readTree(e.data()).at("/choices/0/delta");
            content.append(delta.path("content").asText(""));
            for (JsonNode call : delta.path("tool_calls")) {
                ObjectNode c = calls.computeIfAbsent(call.get("index").asInt(), i -> {
                    ObjectNode n = M.createObjectNode();
                    n.putObject("function").put("arguments", "");
                    return n;
                });
                if (call.has("id")) {
                    c.put("id", call.get("id").asText());
                }
                ObjectNode fn = (ObjectNode) c.get("function");
                if (call.path("function").has("name")) {
                    fn.put("name", call.at("/function/name").asText());
                }
                fn.put("arguments", fn.path("arguments").asText() + call.at("/function/arguments").asText(""));
            }
        }
        ObjectNode message = M.createObjectNode().put("content", content.toString());
        ArrayNode arr = message.putArray("tool_calls");
        calls.values().forEach(arr::add);
        return message;
    }
}
