package io.healthgate.providers.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.providers.sse.SseEvent;

import java.util.ArrayList;
import java.util.List;

import static io.healthgate.providers.translate.Json.copy;
import static io.healthgate.providers.translate.Json.obj;
import static io.healthgate.providers.translate.Json.present;

/**
 * Legacy completions ({@code POST /v1/completions}) for gateways that serve only chat: the prompt
 * becomes one user message, the answer's message text becomes {@code choices[0].text}.
 *
 * <p>Request: {@code prompt} (a string, or an array of one string) → a user message;
 * {@code max_tokens} (the legacy default of 16 when absent), {@code temperature}, {@code top_p},
 * {@code stop}, {@code presence_penalty}, {@code frequency_penalty}, {@code seed}, {@code user},
 * {@code logit_bias}, {@code stream} (with usage). Rejected with a 400 naming the field:
 * several prompts, token-array prompts, {@code suffix}, {@code echo}, {@code best_of > 1},
 * {@code n > 1} and {@code logprobs}: a chat model cannot honour them faithfully.
 */
final class LegacyCompletions {

    /** The legacy API's documented default. */
    static final int DEFAULT_MAX_TOKENS = 16;

    private LegacyCompletions() {
    }

    static ObjectNode request(JsonNode req) {
        if (req == null || !req.isObject()) {
            throw new TranslationException("the request body must be a JSON object");
        }
        JsonNode prompt = req.get("prompt");
        String text;
        if (prompt == null || prompt.isNull()) {
            throw new TranslationException("missing required field 'prompt'");
        } else if (prompt.isTextual()) {
            text = prompt.asText();
        } else if (prompt.isArray() && prompt.size() == 1 && prompt.get(0).isTextual()) {
            text = prompt.get(0).asText();
        } else {
            throw new TranslationException("'prompt' must be one string for this model (it is served as chat); "
                    + "several prompts or token arrays are not supported");
        }
        reject(req, "suffix", present(req.get("suffix")));
        reject(req, "echo", req.path("echo").asBoolean(false));
        reject(req, "best_of", req.path("best_of").asInt(1) > 1);
        reject(req, "n", req.path("n").asInt(1) > 1);
        reject(req, "logprobs", present(req.get("logprobs")));
        ObjectNode out = obj();
        copy(req, out, "model");
        out.putArray("messages").addObject().put("role", "user").put("content", text);
        out.put("max_tokens", present(req.get("max_tokens")) ? req.get("max_tokens").asInt() : DEFAULT_MAX_TOKENS);
        for (String f : new String[] {"temperature", "top_p", "stop", "presence_penalty", "frequency_penalty", "seed", "user", "logit_bias"}) {
            copy(req, out, f);
        }
        if (req.path("stream").asBoolean(false)) {
            out.put("stream", true);
            out.putObject("stream_options").put("include_usage", true);
        }
        return out;
    }

    private static void reject(JsonNode req, String field, boolean present) {
        if (present) {
            throw new TranslationException("'" + field + "' is not supported for this model (it is served as chat); leave it out");
        }
    }

    /** A {@code chat.completion} as a {@code text_completion}. */
    static ObjectNode response(JsonNode chat, String model) {
        JsonNode choices = chat.path("choices");
        if (!choices.isArray() || choices.isEmpty()) {
            throw new TranslationException("the upstream completion has no choices");
        }
        JsonNode choice = choices.get(0);
        ObjectNode out = obj();
        out.put("id", completionId(chat.path("id").asText("")));
        out.put("object", "text_completion");
        out.put("created", chat.path("created").asLong(0));
        out.put("model", model != null ? model : chat.path("model").asText(""));
        ObjectNode c = out.putArray("choices").addObject();
        c.put("text", Json.text(choice.path("message").get("content")));
        c.put("index", 0);
        c.putNull("logprobs");
        c.put("finish_reason", choice.path("finish_reason").asText("stop"));
        if (chat.path("usage").isObject()) {
            out.set("usage", chat.get("usage").deepCopy());
        }
        return out;
    }

    static String completionId(String chatId) {
        return "cmpl-" + (chatId.startsWith("chatcmpl-") ? chatId.substring("chatcmpl-".length()) : chatId);
    }

    /** Chat chunks in, {@code text_completion} chunks out; usage only when the client asked for it. */
    static final class Stream extends TranslatingStream {
        private final String model;
        private final boolean includeUsage;
        private long inputTokens;
        private long outputTokens;

        Stream(String model, boolean includeUsage) {
            this.model = model;
            this.includeUsage = includeUsage;
        }

        @Override
        public List<SseEvent> onEvent(SseEvent upstream) {
            List<SseEvent> out = new ArrayList<>();
            JsonNode chunk = openAiChunk(upstream, out);
            if (chunk == null) {
                return out;
            }
            JsonNode usage = chunk.get("usage");
            if (usage != null && usage.isObject()) {
                inputTokens = usage.path("prompt_tokens").asLong(inputTokens);
                outputTokens = usage.path("completion_tokens").asLong(outputTokens);
                if (includeUsage && chunk.path("choices").isEmpty()) {
                    ObjectNode u = base(chunk);
                    u.putArray("choices");
                    u.set("usage", usage.deepCopy());
                    out.add(SseEvent.data(Json.write(u)));
                    return out;
                }
            }
            JsonNode choice = chunk.path("choices").path(0);
            String text = choice.path("delta").path("content").isTextual() ? choice.path("delta").path("content").asText() : "";
            JsonNode finish = choice.path("finish_reason");
            if (finish.isTextual()) {
                finishReason = finish.asText();
            }
            if (!text.isEmpty() || finish.isTextual()) {
                ObjectNode c = base(chunk);
                ObjectNode ch = c.putArray("choices").addObject().put("text", text).put("index", 0);
                ch.putNull("logprobs");
                if (finish.isTextual()) {
                    ch.put("finish_reason", finish.asText());
                } else {
                    ch.putNull("finish_reason");
                }
                out.add(SseEvent.data(Json.write(c)));
            }
            return out;
        }

        private ObjectNode base(JsonNode chunk) {
            return obj().put("id", completionId(chunk.path("id").asText(""))).put("object", "text_completion")
                    .put("created", chunk.path("created").asLong(0))
                    .put("model", model != null ? model : chunk.path("model").asText(""));
        }

        @Override
        protected void finish(List<SseEvent> out) {
            out.add(SseEvent.done());
            ended = true;
            completed = true;
        }

        @Override
        protected void fail(List<SseEvent> out, int status, String message) {
            out.add(SseEvent.data(Json.write(ErrorShapes.openAi(status, message))));
            ended = true;
        }

        @Override
        public long inputTokens() {
            return inputTokens;
        }

        @Override
        public long outputTokens() {
            return outputTokens;
        }
    }
}
