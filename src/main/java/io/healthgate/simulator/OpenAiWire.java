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
        return completion(List.of(r), id, created, model, false);
    }

    /** A chat completion with one choice per reply; {@code logprobs}: each choice carries its tokens' logprobs. */
    static String completion(List<Reply> replies, String id, long created, String model, boolean logprobs) {
        ObjectNode body = head(id, "chat.completion", created, model);
        ArrayNode choices = body.putArray("choices");
        for (int i = 0; i < replies.size(); i++) {
            Reply r = replies.get(i);
            ObjectNode choice = choices.addObject();
            choice.put("index", i);
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
            if (logprobs) {
                choice.set("logprobs", logprobs(r.tokens(), 0));
            } else {
                choice.putNull("logprobs");
            }
            choice.put("finish_reason", finishReason(r));
        }
        body.set("usage", usage(replies));
        return body.toString();
    }

    /** Every SSE frame of a streamed answer, {@code data: [DONE]} last. */
    static List<String> chunks(Reply r, String id, long created, String model, boolean includeUsage) {
        return chunks(List.of(r), id, created, model, includeUsage, false);
    }

    /**
     * Every SSE frame of a streamed answer with one choice per reply (choice after choice, each
     * chunk naming its index), {@code data: [DONE]} last. Frame 1 carries choice 0's first content token.
     */
    static List<String> chunks(List<Reply> replies, String id, long created, String model, boolean includeUsage, boolean logprobs) {
        List<String> frames = new ArrayList<>();
        for (int ci = 0; ci < replies.size(); ci++) {
            Reply r = replies.get(ci);
            ObjectNode first = chunk(id, created, model, includeUsage, ci);
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
                    ObjectNode c = chunk(id, created, model, includeUsage, ci);
                    delta(c).putArray("tool_calls").addObject().put("index", 0)
                            .putObject("function").put("arguments", args.substring(i, Math.min(args.length(), i + 8)));
                    frames.add(frame(c));
                }
            } else {
                delta.put("content", "");
                frames.add(frame(first));
                for (int t = 0; t < r.tokens().size(); t++) {
                    ObjectNode c = chunk(id, created, model, includeUsage, ci);
                    delta(c).put("content", r.tokens().get(t));
                    if (logprobs) {
                        ((ObjectNode) c.withArray("choices").get(0)).set("logprobs", logprobs(List.of(r.tokens().get(t)), t));
                    }
                    frames.add(frame(c));
                }
            }
            ObjectNode last = chunk(id, created, model, includeUsage, ci);
            ((ObjectNode) last.withArray("choices").get(0)).put("finish_reason", finishReason(r));
            frames.add(frame(last));
        }
        if (includeUsage) {
            ObjectNode u = head(id, "chat.completion.chunk", created, model);
            u.putArray("choices");
            u.set("usage", usage(replies));
            frames.add(frame(u));
        }
        frames.add("data: [DONE]\n\n");
        return frames;
    }

    /**
     * Made-up but stable logprobs for {@code tokens} (the first at position {@code from}): the
     * chosen token only, no alternatives beyond itself.
     */
    static ObjectNode logprobs(List<String> tokens, int from) {
        ObjectNode lp = JSON.createObjectNode();
        ArrayNode content = lp.putArray("content");
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            double logprob = -0.01 - Math.floorMod((t + (from + i)).hashCode(), 200) / 100.0;
            ObjectNode e = content.addObject().put("token", t).put("logprob", logprob);
            ArrayNode bytes = e.putArray("bytes");
            for (byte b : t.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                bytes.add(b & 0xff);
            }
            e.putArray("top_logprobs").addObject().put("token", t).put("logprob", logprob).set("bytes", bytes.deepCopy());
        }
        lp.putNull("refusal");
        return lp;
    }

    /** A legacy text completion ({@code object: text_completion}), one choice per reply. */
    static String textCompletion(List<Reply> replies, String id, long created, String model) {
        ObjectNode body = head(id, "text_completion", created, model);
        ArrayNode choices = body.putArray("choices");
        for (int i = 0; i < replies.size(); i++) {
            Reply r = replies.get(i);
            choices.addObject().put("text", r.text()).put("index", i).putNull("logprobs").put("finish_reason", r.truncated() ? "length" : "stop");
        }
        body.set("usage", usage(replies));
        return body.toString();
    }

    /** The SSE frames of a streamed legacy completion: one token a frame, a finish frame per choice, [DONE]. */
    static List<String> textCompletionChunks(List<Reply> replies, String id, long created, String model) {
        List<String> frames = new ArrayList<>();
        for (int ci = 0; ci < replies.size(); ci++) {
            Reply r = replies.get(ci);
            for (String token : r.tokens()) {
                ObjectNode c = head(id, "text_completion", created, model);
                c.putArray("choices").addObject().put("text", token).put("index", ci).putNull("logprobs").putNull("finish_reason");
                frames.add(frame(c));
            }
            ObjectNode end = head(id, "text_completion", created, model);
            end.putArray("choices").addObject().put("text", "").put("index", ci).putNull("logprobs")
                    .put("finish_reason", r.truncated() ? "length" : "stop");
            frames.add(frame(end));
        }
        frames.add("data: [DONE]\n\n");
        return frames;
    }

    /** An error sent inside a stream that already answered 200. */
    static String streamError() {
        return "data: " + errorBody("The server had an error while processing your request. Sorry about that!", "server_error", null) + "\n\n";
    }

    /** A stream error event that repeats the caller's key, as some upstreams do. */
    static String keyEchoStreamError(String key) {
        return "data: " + errorBody(ErrorReply.keyEchoMessage(key), "invalid_request_error", "invalid_api_key") + "\n\n";
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

    private static ObjectNode chunk(String id, long created, String model, boolean includeUsage, int index) {
        ObjectNode c = head(id, "chat.completion.chunk", created, model);
        ObjectNode choice = c.putArray("choices").addObject();
        choice.put("index", index);
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

    /** Usage over every choice: the prompt once, the completions summed. */
    private static ObjectNode usage(List<Reply> replies) {
        int prompt = replies.get(0).promptTokens();
        int completion = replies.stream().mapToInt(Reply::completionTokens).sum();
        ObjectNode u = JSON.createObjectNode();
        u.put("prompt_tokens", prompt).put("completion_tokens", completion).put("total_tokens", prompt + completion);
        return u;
    }

    private static String frame(ObjectNode n) {
        return "data: " + n + "\n\n";
    }
}
