package io.healthgate.providers.translate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.providers.ErrorBodies;
import io.healthgate.providers.Secrets;

/**
 * Error bodies in each front door's own shape. OpenAI: {@code {"error":{"message","type","code"}}};
 * Anthropic: {@code {"type":"error","error":{"type","message"}}}. Types follow each provider's
 * documented status-to-type table, which is what the official SDKs map to their exception
 * classes (OpenAI's by status; Anthropic's by status, 529 being {@code overloaded_error}). Messages
 * always pass through {@link Secrets#redact}, because an upstream's message may echo fragments of
 * our gateway key, and {@link #forClient}, because a client has no use for our exception names.
 */
public final class ErrorShapes {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    // Compiled once: every failed request's message goes through forClient, and failures come in floods.
    private static final java.util.regex.Pattern TRAILING_COLON = java.util.regex.Pattern.compile(":\\s*$");
    private static final java.util.regex.Pattern EMPTY_PARENS = java.util.regex.Pattern.compile("\\(\\s*\\)");
    private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile("\\s{2,}");
    private static final java.util.regex.Pattern OPEN_PAREN_SPACE = java.util.regex.Pattern.compile("\\(\\s+");
    private static final java.util.regex.Pattern SPACE_CLOSE_PAREN = java.util.regex.Pattern.compile("\\s+\\)");
    private static final java.util.regex.Pattern PUNCTUATION_ONLY = java.util.regex.Pattern.compile("[:;,\\s]*");
    /** A Java (or Kotlin, Netty...) exception or error class name, qualified or not, with the ": " that follows it. */
    private static final java.util.regex.Pattern CLASS_NAME = java.util.regex.Pattern.compile(
            "\\b(?:[a-z][a-z0-9_]*\\.)*(?:[A-Z][A-Za-z0-9_$]*)?[A-Za-z0-9]*(?:Exception|Error|Throwable)\\b(?::\\s*)?");

    private ErrorShapes() {
    }

    /** The OpenAI error body for a status, with {@code code} derived from the type. */
    public static ObjectNode openAi(int status, String message) {
        return openAi(status, message, null);
    }

    /** The OpenAI error body; {@code code} may be null (OpenAI itself often sends null). */
    public static ObjectNode openAi(int status, String message, String code) {
        return openAi(status, message, code, null);
    }

    /** The OpenAI error body naming the request field at fault ({@code param}; null when none). */
    public static ObjectNode openAi(int status, String message, String code, String param) {
        ObjectNode error = F.objectNode();
        error.put("message", forClient(Secrets.redact(message)));
        error.put("type", openAiType(status));
        if (code == null) {
            error.putNull("code");
        } else {
            error.put("code", code);
        }
        if (param == null) {
            error.putNull("param");
        } else {
            error.put("param", param);
        }
        ObjectNode root = F.objectNode();
        root.set("error", error);
        return root;
    }

    /** The Anthropic error body for a status. */
    public static ObjectNode anthropic(int status, String message) {
        ObjectNode error = F.objectNode();
        error.put("type", anthropicType(status));
        error.put("message", forClient(Secrets.redact(message)));
        ObjectNode root = F.objectNode();
        root.put("type", "error");
        root.set("error", error);
        return root;
    }

    /** An upstream error body of any shape, re-shaped for an OpenAI client, keeping its message. */
    public static ObjectNode toOpenAi(int status, String upstreamBody) {
        return openAi(status, messageOrDefault(status, upstreamBody));
    }

    /** An upstream error body of any shape, re-shaped for an Anthropic client, keeping its message. */
    public static ObjectNode toAnthropic(int status, String upstreamBody) {
        return anthropic(status, messageOrDefault(status, upstreamBody));
    }

    /**
     * A message as clients read it: Java exception names ({@code HttpClosedException: },
     * {@code java.net.ConnectException}) taken out, since they say nothing to a client and leak how
     * the gateway is built. Snake-case error types ({@code overloaded_error}) are kept.
     */
    public static String forClient(String message) {
        if (message == null || message.isEmpty()) {
            return "";
        }
        String cleaned = CLASS_NAME.matcher(message).replaceAll(m -> {
            String name = TRAILING_COLON.matcher(m.group()).replaceAll("");
            return isClassName(name) ? "" : java.util.regex.Matcher.quoteReplacement(m.group());
        });
        cleaned = EMPTY_PARENS.matcher(cleaned).replaceAll("");
        cleaned = SPACES.matcher(cleaned).replaceAll(" ");
        cleaned = OPEN_PAREN_SPACE.matcher(cleaned).replaceAll("(");
        cleaned = SPACE_CLOSE_PAREN.matcher(cleaned).replaceAll(")").trim();
        return cleaned.isEmpty() || PUNCTUATION_ONLY.matcher(cleaned).matches() ? "the upstream connection failed" : cleaned;
    }

    /** CamelCase with a capital after the first letter or a package prefix: {@code HttpClosedException}, not {@code Error} alone. */
    private static boolean isClassName(String s) {
        String simple = s.substring(s.lastIndexOf('.') + 1);
        if (s.contains(".")) {
            return true;
        }
        return simple.length() > "Exception".length() && Character.isUpperCase(simple.charAt(0))
                && simple.chars().skip(1).anyMatch(Character::isUpperCase);
    }

    static String openAiType(int status) {
        return switch (status) {
            case 400, 404, 409, 413, 415, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 402 -> "insufficient_quota";
            case 403 -> "permission_error";
            case 408, 504, 524 -> "timeout";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "service_unavailable_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }

    static String anthropicType(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 504, 524, 408 -> "timeout_error";
            case 503, 529 -> "overloaded_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }

    private static String messageOrDefault(int status, String body) {
        String m = ErrorBodies.safeMessage(body);
        return m.isBlank() ? "upstream returned HTTP " + status : m;
    }
}
