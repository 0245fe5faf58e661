package io.healthgate.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The OpenAI Responses wire format ({@code POST /v1/responses}): the response object, with one
 * output item (a message with one output_text part, or a function_call), and the typed stream
 * events response.created, response.in_progress, response.output_item.added,
 * response.content_part.added, response.output_text.delta..., response.output_text.done,
 * response.content_part.done, response.output_item.done, response.completed (a function call
 * streams response.function_call_arguments.delta/.done instead of the part and text events).
 */
final class ResponsesWire {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Frames before the first output_text.delta in a text stream. */
    static final int CONTENT_START = 4;

    private ResponsesWire() {
    }

    static String response(Reply r, String id, long created, String model, JsonNode request) {
        return object(r, id, created, model, request, true).toString();
    }

    static List<String> events(Reply r, String id, long created, String model, JsonNode request) {
        List<String> frames = new ArrayList<>();
        int[] seq = {0};
        ObjectNode pending = object(r, id, created, model, request, false);
        frames.add(event("response.created", seq, e -> e.set("response", pending)));
        frames.add(event("response.in_progress", seq, e -> e.set("response", pending)));
        ObjectNode doneItem = item(r, id, true);
        ObjectNode openItem = item(r, id, false);
        String itemId = doneItem.path("id").asText();
        frames.add(event("response.output_item.added", seq, e -> e.put("output_index", 0).set("item", openItem)));
        if (r.tool() != null) {
            String args = r.tool().arguments();
            for (int i = 0; i < args.length(); i += 8) {
                String piece = args.substring(i, Math.min(args.length(), i + 8));
                frames.add(event("response.function_call_arguments.delta", seq,
                        e -> e.put("item_id", itemId).put("output_index", 0).put("delta", piece)));
            }
            frames.add(event("response.function_call_arguments.done", seq,
                    e -> e.put("item_id", itemId).put("output_index", 0).put("arguments", args)));
        } else {
            frames.add(event("response.content_part.added", seq,
                    e -> e.put("item_id", itemId).put("output_index", 0).put("content_index", 0).set("part", part(""))));
            for (String token : r.tokens()) {
                frames.add(event("response.output_text.delta", seq, e -> {
                    e.put("item_id", itemId).put("output_index", 0).put("content_index", 0).put("delta", token);
                    e.putArray("logprobs");
                }));
            }
            frames.add(event("response.output_text.done", seq, e -> {
                e.put("item_id", itemId).put("output_index", 0).put("content_index", 0).put("text", r.text());
                e.putArray("logprobs");
            }));
            frames.add(event("response.content_part.done", seq,
                    e -> e.put("item_id", itemId).put("output_index", 0).put("content_index", 0).set("part", part(r.text()))));
        }
        frames.add(event("response.output_item.done", seq, e -> e.put("output_index", 0).set("item", doneItem)));
        ObjectNode done = object(r, id, created, model, request, true);
        frames.add(event("response.completed", seq, e -> e.set("response", done)));
        return frames;
    }

    private static ObjectNode object(Reply r, String id, long created, String model, JsonNode request, boolean complete) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", id).put("object", "response").put("created_at", created);
        o.put("status", complete ? (r.truncated() ? "incomplete" : "completed") : "in_progress");
        o.putNull("error");
        if (complete && r.truncated()) {
            o.putObject("incomplete_details").put("reason", "max_output_tokens");
        } else {
            o.putNull("incomplete_details");
        }
        o.set("instructions", request.path("instructions").isTextual() ? request.get("instructions") : JSON.nullNode());
        o.set("max_output_tokens", request.path("max_output_tokens").isInt() ? request.get("max_output_tokens") : JSON.nullNode());
        o.put("model", model);
        ArrayNode output = o.putArray("output");
        if (complete) {
            output.add(item(r, id, true));
        }
        o.put("parallel_tool_calls", true).putNull("previous_response_id");
        o.putObject("reasoning").putNull("effort").putNull("summary");
        o.put("store", false).put("temperature", 1.0);
        JsonNode format = request.path("text").path("format");
        o.putObject("text").set("format", format.isObject() ? format : JSON.createObjectNode().put("type", "text"));
        o.set("tool_choice", request.has("tool_choice") ? request.get("tool_choice") : JSON.getNodeFactory().textNode("auto"));
        o.set("tools", request.path("tools").isArray() ? request.get("tools") : JSON.createArrayNode());
        o.put("top_p", 1.0).put("truncation", "disabled").putNull("user");
        o.putObject("metadata");
        if (complete) {
            ObjectNode u = o.putObject("usage");
            u.put("input_tokens", r.promptTokens());
            u.putObject("input_tokens_details").put("cached_tokens", 0);
            u.put("output_tokens", r.completionTokens());
            u.putObject("output_tokens_details").put("reasoning_tokens", 0);
            u.put("total_tokens", r.promptTokens() + r.completionTokens());
        } else {
            o.putNull("usage");
        }
        return o;
    }

    private static ObjectNode item(Reply r, String id, boolean done) {
        ObjectNode item = JSON.createObjectNode();
        String suffix = id.substring(id.indexOf('_') + 1);
        if (r.tool() != null) {
            item.put("type", "function_call").put("id", "fc_" + suffix).put("call_id", r.tool().id()).put("name", r.tool().name())
                    .put("arguments", done ? r.tool().arguments() : "").put("status", done ? "completed" : "in_progress");
            return item;
        }
        item.put("type", "message").put("id", "msg_" + suffix).put("status", done ? "completed" : "in_progress").put("role", "assistant");
        ArrayNode content = item.putArray("content");
        if (done) {
            content.add(part(r.text()));
        }
        return item;
    }

    private static ObjectNode part(String text) {
        ObjectNode p = JSON.createObjectNode().put("type", "output_text").put("text", text);
        p.putArray("annotations");
        p.putArray("logprobs");
        return p;
    }

    private static String event(String type, int[] seq, java.util.function.Consumer<ObjectNode> fill) {
        ObjectNode e = JSON.createObjectNode().put("type", type).put("sequence_number", seq[0]++);
        fill.accept(e);
        return "event: " + type + "\ndata: " + e + "\n\n";
    }
}
