package io.healthgate.providers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import io.healthgate.providers.sse.SseEvent;
import io.healthgate.providers.sse.SseParser;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads upstream bodies the way they really arrive: OpenAI-shaped ({@code {"error":{...}}}),
 * Anthropic-shaped ({@code {"type":"error","error":{...}}}), bare error objects ({@code
 * {"message":...,"code":...}}), Google's array-wrapped errors, {@code detail} objects, SSE text,
 * HTML pages and plain text. Parsing is lenient about the one defect logs add (an elided {@code
 * ...}) and a missing final brace, but never invents content.
 */
public final class ErrorBodies {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HTML_TITLE = Pattern.compile("(?is)<title>(.*?)</title>");
    private static final Pattern HTML_TAG = Pattern.compile("(?s)<[^>]*>");
    private static final Pattern MESSAGE_FIELD = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private ErrorBodies() {
    }

    /** The body parsed as JSON, tolerating elided {@code ...} and missing closing brackets; empty when it is not JSON. */
    public static Optional<JsonNode> parseLenient(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        String t = body.strip();
        if (t.charAt(0) != '{' && t.charAt(0) != '[') {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(t));
        } catch (JsonProcessingException strictFailed) {
            try {
                return Optional.of(JSON.readTree(repair(t)));
            } catch (JsonProcessingException | RuntimeException stillBroken) {
                return Optional.empty();
            }
        }
    }

    /** True when the text looks like an SSE stream rather than a JSON document. */
    public static boolean looksLikeSse(String body) {
        String t = body == null ? "" : body.stripLeading();
        return t.startsWith("data:") || t.startsWith("event:") || t.startsWith(":") || t.startsWith("id:");
    }

    /** The events of an SSE text, plus a trailing event that lacks its blank line (a log often cuts it). */
    public static List<SseEvent> sseEvents(String body) {
        SseParser parser = new SseParser();
        String text = body.endsWith("\n\n") ? body : body + "\n\n";
        return parser.feed(text);
    }

    /**
     * The error object inside a parsed body, if any: {@code error} when it is an object or a
     * string, the first element of an array-wrapped error, or the body itself when it carries
     * {@code message}/{@code detail} but no completion content.
     */
    public static Optional<JsonNode> errorObject(JsonNode root) {
        if (root == null) {
            return Optional.empty();
        }
        if (root.isArray()) {
            return root.isEmpty() ? Optional.empty() : errorObject(root.get(0));
        }
        if (!root.isObject()) {
            return Optional.empty();
        }
        JsonNode error = root.get("error");
        if (error != null && !error.isNull()) {
            return Optional.of(error.isObject() ? error : root);
        }
        if (root.has("choices") || "message".equals(root.path("type").asText()) || root.has("content")) {
            return Optional.empty();
        }
        if (root.has("message") || root.has("detail")) {
            return Optional.of(root);
        }
        return Optional.empty();
    }

    /**
     * {@link #message} with anything that looks like a key, token or account id masked: the form
     * that may be shown to a client or written to a log (upstreams echo key fragments and org ids).
     */
    public static String safeMessage(String body) {
        return Secrets.redact(message(body));
    }

    /**
     * The machine code an upstream error body carries ({@code context_length_exceeded},
     * {@code invalid_prompt}), when it is a snake-case word: the code a client's SDK or framework
     * may act on (LangChain maps {@code context_length_exceeded} to its own overflow error).
     */
    public static Optional<String> errorCode(String body) {
        Optional<JsonNode> error = parseLenient(body).flatMap(ErrorBodies::errorObject);
        return error.map(e -> e.path("code")).filter(JsonNode::isTextual).map(JsonNode::asText)
                .filter(c -> c.matches("[a-z][a-z0-9_]{2,63}"));
    }

    /** A human message for an error body of any shape; never null, not yet redacted (for classification only). */
    public static String message(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        if (looksLikeSse(body)) {
            for (SseEvent e : sseEvents(body)) {
                Optional<JsonNode> json = parseLenient(e.data());
                Optional<JsonNode> err = json.flatMap(ErrorBodies::errorObject);
                if (err.isPresent()) {
                    return messageOf(err.get(), json.get());
                }
            }
            return firstLine(body);
        }
        Optional<JsonNode> json = parseLenient(body);
        if (json.isPresent()) {
            JsonNode root = json.get();
            Optional<JsonNode> err = errorObject(root);
            if (err.isPresent()) {
                String m = messageOf(err.get(), root.isArray() && !root.isEmpty() ? root.get(0) : root);
                if (!m.isEmpty()) {
                    return m;
                }
            }
            return firstLine(body);
        }
        Matcher field = MESSAGE_FIELD.matcher(body);
        if (field.find()) {
            return field.group(1).replace("\\\"", "\"");
        }
        Matcher title = HTML_TITLE.matcher(body);
        if (title.find()) {
            return title.group(1).strip();
        }
        return firstLine(HTML_TAG.matcher(body).replaceAll(" "));
    }

    /** The numeric status an error carries inside its body ({@code code: 429}), or 0. */
    public static int embeddedStatus(JsonNode error, JsonNode root) {
        for (JsonNode n : new JsonNode[] {error.get("code"), error.get("status"), root.get("code"), root.get("status")}) {
            if (n != null && n.canConvertToInt() && n.getNodeType() == JsonNodeType.NUMBER) {
                int v = n.asInt();
                if (v >= 400 && v <= 599) {
                    return v;
                }
            }
        }
        return 0;
    }

    private static String messageOf(JsonNode error, JsonNode root) {
        JsonNode m = error.get("message");
        if (m != null && m.isTextual() && !m.asText().isBlank()) {
            return m.asText();
        }
        if (m != null && m.isContainerNode()) {
            return m.toString();
        }
        JsonNode e = root.get("error");
        if (e != null && e.isTextual()) {
            JsonNode rm = root.get("message");
            return rm != null && rm.isTextual() ? e.asText() + ": " + rm.asText() : e.asText();
        }
        JsonNode detail = error.get("detail");
        if (detail != null) {
            return detail.isTextual() ? detail.asText() : detail.toString();
        }
        JsonNode type = error.get("type");
        return type != null && type.isTextual() ? type.asText() : "";
    }

    private static String firstLine(String text) {
        for (String l : text.split("\r\n|\r|\n")) {
            if (!l.isBlank()) {
                return l.strip();
            }
        }
        return "";
    }

    /** Removes elisions ({@code ...}) outside strings, the commas they leave dangling, and closes open brackets. */
    static String repair(String t) {
        StringBuilder out = new StringBuilder(t.length() + 4);
        StringBuilder closers = new StringBuilder();
        boolean inString = false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (inString) {
                out.append(c);
                if (c == '\\' && i + 1 < t.length()) {
                    out.append(t.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            if (t.startsWith("...", i)) {
                i += 2;
                continue;
            }
            switch (c) {
                case '"' -> inString = true;
                case '{' -> closers.append('}');
                case '[' -> closers.append(']');
                case '}', ']' -> {
                    if (!closers.isEmpty()) {
                        closers.setLength(closers.length() - 1);
                    }
                }
                default -> { }
            }
            out.append(c);
        }
        out.append(closers.reverse());
        return out.toString()
                .replaceAll(",\\s*(?=[}\\]])", "")
                .replaceAll("(?<=[{\\[])\\s*,", "");
    }
}
