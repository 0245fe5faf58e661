package io.healthgate.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * An estimate of the input tokens of an Anthropic Messages request, for
 * {@code /v1/messages/count_tokens} when no Anthropic-protocol offer can count them exactly.
 * Text is counted with the {@code o200k_base} encoding (jtokkit); Claude's own tokenizer is not
 * public, and on English text and code the two agree to within about 10-20%, which is enough to
 * decide whether a conversation fits a window. Counted: the system prompt, every text block, tool
 * calls' inputs and tool results, tool definitions (name, description, schema), a fixed
 * allowance per message and per image. The answer says it is an estimate (a response header).
 */
public final class TokenEstimate {
    /** Role and framing tokens per message, as chat formats spend them. */
    static final int PER_MESSAGE = 4;
    /** A typical image's cost: Anthropic bills about (width × height) / 750 tokens, ~1,600 for a 1,092² image. */
    static final int PER_IMAGE = 1600;
    /** Framing of the tool-use system prompt a request with tools gets. */
    static final int TOOLS_OVERHEAD = 300;

    private static final Encoding ENCODING = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

    private TokenEstimate() {
    }

    /**
     * Loads the encoding now (its first use reads and builds a large BPE table: over a second on a
     * busy machine). The process calls this at start, off the event loops, so the first
     * {@code count_tokens} request does not hold one.
     */
    public static void load() {
        ENCODING.countTokensOrdinary("warm");
    }

    /** The estimated input tokens of {@code request} (a count_tokens or messages body). */
    public static long inputTokens(JsonNode request) {
        long total = text(request.get("system"));
        for (JsonNode m : request.path("messages")) {
            total += PER_MESSAGE + content(m.get("content"));
        }
        JsonNode tools = request.path("tools");
        if (tools.isArray() && !tools.isEmpty()) {
            total += TOOLS_OVERHEAD;
            for (JsonNode t : tools) {
                total += count(t.path("name").asText("")) + count(t.path("description").asText(""))
                        + (t.has("input_schema") ? count(t.get("input_schema").toString()) : 0);
            }
        }
        return Math.max(1, total);
    }

    private static long content(JsonNode content) {
        if (content == null || content.isNull()) {
            return 0;
        }
        if (content.isTextual()) {
            return count(content.asText());
        }
        long n = 0;
        for (JsonNode block : content) {
            n += switch (block.path("type").asText()) {
                case "text" -> count(block.path("text").asText(""));
                case "image" -> PER_IMAGE;
                case "tool_use" -> count(block.path("name").asText("")) + count(block.path("input").toString());
                case "tool_result" -> content(block.get("content"));
                case "thinking" -> count(block.path("thinking").asText(""));
                case "document" -> count(block.path("source").path("data").asText(""));
                default -> count(block.toString());
            };
        }
        return n;
    }

    private static long text(JsonNode system) {
        return system == null || system.isNull() ? 0 : content(system);
    }

    /** Tokens of one string in the estimating encoding. */
    public static int count(String text) {
        return text.isEmpty() ? 0 : ENCODING.countTokensOrdinary(text);
    }
}
