package io.healthgate.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** The OpenAI chat-completions wire format: bodies, stream chunks and error objects. */
final class OpenAiWire {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiWire() {
    }

    static String finishReason(Reply r) {
        return r.tool() != null ? "tool_calls" : r.truncated() ? "length" : "stop";
    }

    static String completion(Reply r, String id, long created, String model) {
        ObjectNode body = head(id, "chat.completion", created, model);
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        if (r.tool() != null) {
            message.putNull("content");
            ObjectNode call = message.putArray("tool_calls").addObject();
            call.put("id", r.tool().id()).put("type", "function");
            call.putObject("function").put("name", r.tool().name()).put("arguments", r.tool().arguments());
        } else {
            message.put("content", r.text());
        }
        message.putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(r));
        body.set("usage", usage(r));
        return body.toString();
    }

    /** Every SSE frame of a streamed answer, {@code data: [DONE]} last. */
    static List<String> chunks(Reply r, String id, long created, String model, boolean includeUsage) {
        List<String> frames = new ArrayList<>();
        ObjectNode first = chunk(id, created, model, includeUsage);
        ObjectNode delta = delta(first);
        delta.put("role", "assistant");
        if (r.tool() != null) {
            delta.putNull("content");
            ObjectNode call = delta.putArray("tool_calls").addObject();
            call.put("index", 0).put("id", r.tool().id()).put("type", "function");
            call.putObject("function").put("name", r.tool().name()).put("arguments", "");
            frames.add(frame(first));
            String args = r.tool().arguments();
            for (int i = 0; i < args.length(); i += 8) {
                ObjectNode c = chunk(id, created, model, includeUsage);
                delta(c).putArray("tool_calls").addObject().put("index", 0)
                        .putObject("function").put("arguments", args.substring(i, Math.min(args.length(), i + 8)));
                frames.add(frame(c));
            }
        } else {
            delta.put("content", "");
            frames.add(frame(first));
            for (String token : r.tokens()) {
                ObjectNode c = chunk(id, created, model, includeUsage);
                delta(c).put("content", token);
                frames.add(frame(c));
            }
        }
        ObjectNode last = chunk(id, created, model, includeUsage);
        ((ObjectNode) last.withArray("choices").get(0)).put("finish_reason", finishReason(r));
        frames.add(frame(last));
        if (includeUsage) {
            ObjectNode u = head(id, "chat.completion.chunk", created, model);
            u.putArray("choices");
            u.set("usage", usage(r));
            frames.add(frame(u));
        }
        frames.add("data: [DONE]\n\n");
        return frames;
    }

    /** An error sent inside a stream that already answered 200. */
    static String streamError() {
        return "data: " + errorBody("The server had an error while processing your request. Sorry about that!", "server_error", null) + "\n\n";
    }

    static String errorBody(String message, String type, String code) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode e = body.putObject("error");
        e.put("message", message).put("type", type).putNull("param");
        if (code == null) {
            e.putNull("code");
        } else {
            e.put("code", code);
        }
        return body.toString();
    }

    static String models(List<String> ids, String owner, long created) {
        ObjectNode body = JSON.createObjectNode();
        body.put("object", "list");
        ArrayNode data = body.putArray("data");
        for (String id : ids) {
            data.addObject().put("id", id).put("object", "model").put("created", created).put("owned_by", owner);
        }
        return body.toString();
    }

    private static ObjectNode head(String id, String object, long created, String model) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", id).put("object", object).put("created", created).put("model", model);
        body.put("system_fingerprint", "fp_healthgate_sim");
        return body;
    }

    private static ObjectNode chunk(String id, long created, String model, boolean includeUsage) {
        ObjectNode c = head(id, "chat.completion.chunk", created, model);
        ObjectNode choice = c.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("delta");
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        if (includeUsage) {
            c.putNull("usage");
        }
        return c;
    }

    private static ObjectNode delta(ObjectNode chunk) {
        return (ObjectNode) chunk.withArray("choices").get(0).get("delta");
    }

    private static ObjectNode usage(Reply r) {
        ObjectNode u = JSON.createObjectNode();
        u.put("prompt_tokens", r.promptTokens()).put("completion_tokens", r.completionTokens())
                .put("total_tokens", r.promptTokens() + r.completionTokens());
        return u;
    }

    private static String frame(ObjectNode n) {
        return "data: " + n + "\n\n";
    }
}
