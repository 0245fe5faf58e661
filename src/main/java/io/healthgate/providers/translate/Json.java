package io.healthgate.providers.translate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Optional;

/** Small Jackson helpers shared by the translators. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Json() {
    }

    static ObjectNode obj() {
        return F.objectNode();
    }

    static ArrayNode arr() {
        return F.arrayNode();
    }

    static boolean present(JsonNode n) {
        return n != null && !n.isNull() && !n.isMissingNode();
    }

    /** Copies {@code field} from one object to another when present (and not null). */
    static void copy(JsonNode from, ObjectNode to, String field) {
        copy(from, field, to, field);
    }

    static void copy(JsonNode from, String fromField, ObjectNode to, String toField) {
        JsonNode v = from.get(fromField);
        if (present(v)) {
            to.set(toField, v.deepCopy());
        }
    }

    /** A token count as the client sent it: an integer 1..2^31-1, refused rather than narrowed. */
    static int tokenCount(JsonNode n, String field) {
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < 1) {
            throw new TranslationException("'" + field + "' must be an integer between 1 and " + Integer.MAX_VALUE + ", got " + n);
        }
        return n.intValue();
    }

    /**
     * A message's content as the translators can carry it: absent, null, a string or an array of
     * parts. Anything else (a number, an object) would be lost in translation, so it is refused.
     */
    static JsonNode content(JsonNode message, int index) {
        JsonNode c = message.get("content");
        if (c != null && !c.isNull() && !c.isTextual() && !c.isArray()) {
            throw new TranslationException("'messages[" + index + "].content' must be a string or an array of content parts, got " + c);
        }
        return c;
    }

    static Optional<JsonNode> parse(String text) {
        try {
            return Optional.ofNullable(MAPPER.readTree(text));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /**
     * True when {@code text} starts with one well-formed JSON object, read as a token stream
     * without building its tree (what {@link #parse} followed by {@code isObject()} answers; text
     * after the object is ignored by both). For checks on every streamed event: the tree cost
     * a tenth of the gateway's allocation with 10,000 streams open.
     */
    static boolean isObject(String text) {
        try (JsonParser p = MAPPER.getFactory().createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            p.skipChildren();
            return p.currentToken() == JsonToken.END_OBJECT;
        } catch (IOException e) {
            return false;
        }
    }

    static String write(JsonNode n) {
        try {
            return MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JsonNode always serialises", e);
        }
    }

    /** The text of a content field that is either a string or an array of text parts/blocks. */
    static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : content) {
            if (part.isTextual()) {
                append(sb, part.asText());
            } else if ("text".equals(part.path("type").asText()) || part.has("text") && !part.has("type")) {
                append(sb, part.path("text").asText());
            }
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, String s) {
        if (!sb.isEmpty()) {
            sb.append("\n\n");
        }
        sb.append(s);
    }
}
