package io.healthgate.providers;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The door's rules, applied while {@link RequestScan} walks the body token by token. Numbers are
 * checked as the JSON has them (an integer field takes an integer token only, {@code 1e12} or
 * {@code "a"} are refused, never narrowed); ranges are the protocols' own (OpenAI temperature
 * 0..2, Anthropic 0..1, top_p 0..1, penalties -2..2) and token limits fit a 32-bit count, which
 * every upstream and translator uses. {@code null} means absent, as both protocols treat it.
 * Messages: a non-empty array of objects, each with a role of the protocol and content that is a
 * string or an array of parts (objects with a string {@code type}); only an OpenAI assistant turn
 * may leave content out (its tool calls carry it). What is unknown is left to the upstream.
 */
final class RequestRules {
    private static final long INT_MAX = Integer.MAX_VALUE;
    private static final List<String> OPENAI_ROLES = List.of("system", "developer", "user", "assistant", "tool", "function");
    private static final List<String> ANTHROPIC_ROLES = List.of("user", "assistant");
    private static final int SHOWN = 60;

    private final RequestScan s;
    private final JsonParser p;

    RequestRules(RequestScan scan, JsonParser parser) {
        this.s = scan;
        this.p = parser;
    }

    static String requiredField(RequestScan.Kind kind) {
        return switch (kind) {
            case OPENAI_CHAT, ANTHROPIC_MESSAGES -> "messages";
            case RESPONSES, EMBEDDINGS -> "input";
            case COMPLETIONS -> "prompt";
        };
    }

    void body() throws IOException {
        JsonToken t = p.nextToken();
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            end();
            s.syntax = new RequestScan.Problem("request body must be a JSON object", null);
            return;
        }
        s.objectStart = (int) p.currentTokenLocation().getByteOffset();
        Set<String> seen = new HashSet<>();
        String required = requiredField(s.kind);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            int keyAt = (int) p.currentTokenLocation().getByteOffset();
            JsonToken v = p.nextToken();
            if (!seen.add(name) && tracked(name)) {
                s.duplicates = true;
            }
            if (name.equals(required)) {
                requiredValue(name, v);
            } else {
                field(name, keyAt, v);
            }
        }
        end();
    }

    /** Nothing may follow the object but whitespace. */
    private void end() throws IOException {
        if (p.nextToken() != null) {
            s.syntax = new RequestScan.Problem("request body is not valid JSON: unexpected content after the JSON value", null);
        }
    }

    private static boolean tracked(String name) {
        return switch (name) {
            case "model", "stream", "stream_options", "provider", "max_tokens", "max_completion_tokens", "response_format",
                 "messages" -> true;
            default -> false;
        };
    }

    private void field(String name, int keyAt, JsonToken v) throws IOException {
        switch (name) {
            case "model" -> model(v);
            case "stream" -> {
                if (v == JsonToken.VALUE_TRUE || v == JsonToken.VALUE_FALSE || v == JsonToken.VALUE_NULL) {
                    s.stream = v == JsonToken.VALUE_TRUE;
                } else {
                    if (s.streamProblem == null) {
                        s.streamProblem = new RequestScan.Problem("'stream' must be a boolean", "stream");
                    }
                    p.skipChildren();
                }
            }
            case "stream_options" -> streamOptions(v);
            case "provider" -> {
                s.providerPresent = true;
                p.skipChildren();
            }
            case "response_format" -> responseFormat(v);
            case "system" -> {
                if (s.kind == RequestScan.Kind.ANTHROPIC_MESSAGES) {
                    system(v);
                } else {
                    p.skipChildren();
                }
            }
            default -> numeric(name, keyAt, v);
        }
    }

    private void model(JsonToken v) throws IOException {
        s.modelSeen = true;
        s.model = null;
        s.modelValue = RequestScan.Span.NONE;
        if (v == JsonToken.VALUE_NULL) {
            return; // reported as missing, as before
        }
        if (v != JsonToken.VALUE_STRING || p.getText().isBlank()) {
            if (s.modelProblem == null) {
                s.modelProblem = new RequestScan.Problem("'model' must be a non-empty string", "model");
            }
            p.skipChildren();
            return;
        }
        s.model = p.getText();
        s.modelValue = s.stringAt((int) p.currentTokenLocation().getByteOffset());
    }

    private void streamOptions(JsonToken v) throws IOException {
        s.streamOptionsPresent = v != JsonToken.VALUE_NULL;
        if (v == JsonToken.VALUE_NULL) {
            return;
        }
        if (v != JsonToken.START_OBJECT) {
            other("'stream_options' must be an object, got " + shown(v), "stream_options");
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            JsonToken t = p.nextToken();
            if (k.equals("include_usage")) {
                if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                    s.includeUsage = t == JsonToken.VALUE_TRUE;
                } else if (t != JsonToken.VALUE_NULL) {
                    other("'stream_options.include_usage' must be a boolean, got " + shown(t), "stream_options.include_usage");
                    p.skipChildren();
                }
            } else {
                p.skipChildren();
            }
        }
    }

    private void responseFormat(JsonToken v) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            JsonToken t = p.nextToken();
            if (k.equals("type") && t == JsonToken.VALUE_STRING) {
                s.responseFormatType = p.getText();
            } else {
                p.skipChildren();
            }
        }
    }

    private void requiredValue(String name, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return; // missing, as before
        }
        s.requiredSeen = true;
        switch (s.kind) {
            case OPENAI_CHAT, ANTHROPIC_MESSAGES -> messages(v);
            case RESPONSES, COMPLETIONS, EMBEDDINGS -> {
                if (v != JsonToken.VALUE_STRING && v != JsonToken.START_ARRAY) {
                    required("'" + name + "' must be a string or an array", name);
                    p.skipChildren();
                    return;
                }
                boolean empty = v == JsonToken.START_ARRAY && p.nextToken() == JsonToken.END_ARRAY;
                if (v == JsonToken.START_ARRAY && !empty) {
                    p.skipChildren(); // the first element's children
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        p.skipChildren();
                    }
                }
                if (empty && s.kind == RequestScan.Kind.EMBEDDINGS) {
                    required("'" + name + "' must not be empty", name);
                }
            }
        }
    }

    private void messages(JsonToken v) throws IOException {
        if (v != JsonToken.START_ARRAY) {
            required("'messages' must be an array", "messages");
            p.skipChildren();
            return;
        }
        int i = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            message(i++, t);
        }
        if (i == 0) {
            other("'messages' must not be empty", "messages");
        }
    }

    private enum Content { ABSENT, NULL, TEXT, PARTS, BAD }

    private void message(int i, JsonToken t) throws IOException {
        String at = "messages[" + i + "]";
        if (t != JsonToken.START_OBJECT) {
            other("'" + at + "' must be an object, got " + shown(t), at);
            p.skipChildren();
            return;
        }
        String role = null;
        String badRole = null;
        Content content = Content.ABSENT;
        String badContent = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            JsonToken f = p.nextToken();
            switch (k) {
                case "role" -> {
                    if (f == JsonToken.VALUE_STRING) {
                        role = p.getText();
                        badRole = null;
                    } else {
                        badRole = shown(f);
                        p.skipChildren();
                    }
                }
                case "content" -> {
                    switch (f) {
                        case VALUE_NULL -> content = Content.NULL;
                        case VALUE_STRING -> content = Content.TEXT;
                        case START_ARRAY -> {
                            content = Content.PARTS;
                            parts(at + ".content");
                        }
                        default -> {
                            content = Content.BAD;
                            badContent = shown(f);
                            p.skipChildren();
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
        List<String> roles = s.kind == RequestScan.Kind.ANTHROPIC_MESSAGES ? ANTHROPIC_ROLES : OPENAI_ROLES;
        if (badRole != null || role == null) {
            other("'" + at + ".role' must be one of " + String.join(", ", roles) + (badRole == null ? "; it is missing" : ", got " + badRole),
                    at + ".role");
        } else if (!roles.contains(role)) {
            other("'" + at + ".role' must be one of " + String.join(", ", roles) + ", got " + quoted(role), at + ".role");
        }
        if (content == Content.BAD) {
            other("'" + at + ".content' must be a string or an array of content parts, got " + badContent, at + ".content");
        } else if ((content == Content.ABSENT || content == Content.NULL)
                && (s.kind == RequestScan.Kind.ANTHROPIC_MESSAGES || !"assistant".equals(role))) {
            other("'" + at + ".content' is required (a string or an array of content parts)", at + ".content");
        }
    }

    /** Content parts (or Anthropic blocks): objects with a string type; a text part's text is a string. */
    private void parts(String at) throws IOException {
        int j = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            String here = at + "[" + j++ + "]";
            if (t != JsonToken.START_OBJECT) {
                other("'" + here + "' must be an object with a 'type', got " + shown(t), here);
                p.skipChildren();
                continue;
            }
            String type = null;
            JsonToken text = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String k = p.currentName();
                JsonToken f = p.nextToken();
                if (k.equals("type") && f == JsonToken.VALUE_STRING) {
                    type = p.getText();
                } else if (k.equals("text")) {
                    text = f;
                    p.skipChildren();
                } else {
                    p.skipChildren();
                }
            }
            if (type == null || type.isBlank()) {
                other("'" + here + ".type' must be a non-empty string", here + ".type");
            } else if (type.equals("text") && text != JsonToken.VALUE_STRING) {
                other("'" + here + ".text' must be a string", here + ".text");
            }
        }
    }

    private void system(JsonToken v) throws IOException {
        switch (v) {
            case VALUE_NULL, VALUE_STRING -> { }
            case START_ARRAY -> parts("system");
            default -> {
                other("'system' must be a string or an array of text blocks, got " + shown(v), "system");
                p.skipChildren();
            }
        }
    }

    private void numeric(String name, int keyAt, JsonToken v) throws IOException {
        RequestScan.Kind k = s.kind;
        boolean openAi = k == RequestScan.Kind.OPENAI_CHAT || k == RequestScan.Kind.COMPLETIONS;
        switch (name) {
            case "max_tokens" -> {
                if (k == RequestScan.Kind.OPENAI_CHAT || k == RequestScan.Kind.ANTHROPIC_MESSAGES || k == RequestScan.Kind.COMPLETIONS) {
                    s.maxTokensKey = key(keyAt, name);
                    integer(name, v, 1, INT_MAX);
                    return;
                }
            }
            case "max_completion_tokens" -> {
                if (k == RequestScan.Kind.OPENAI_CHAT) {
                    s.maxCompletionTokensKey = key(keyAt, name);
                    integer(name, v, 1, INT_MAX);
                    return;
                }
            }
            case "max_output_tokens" -> {
                if (k == RequestScan.Kind.RESPONSES) {
                    integer(name, v, 1, INT_MAX);
                    return;
                }
            }
            case "n" -> {
                if (openAi) {
                    integer(name, v, 1, 128);
                    return;
                }
            }
            case "top_k" -> {
                if (k != RequestScan.Kind.EMBEDDINGS) {
                    integer(name, v, 0, INT_MAX);
                    return;
                }
            }
            case "temperature" -> {
                if (k != RequestScan.Kind.EMBEDDINGS) {
                    number(name, v, 0, k == RequestScan.Kind.ANTHROPIC_MESSAGES ? 1 : 2);
                    return;
                }
            }
            case "top_p" -> {
                if (k != RequestScan.Kind.EMBEDDINGS) {
                    number(name, v, 0, 1);
                    return;
                }
            }
            case "presence_penalty", "frequency_penalty" -> {
                if (openAi) {
                    number(name, v, -2, 2);
                    return;
                }
            }
            case "top_logprobs" -> {
                if (k == RequestScan.Kind.OPENAI_CHAT || k == RequestScan.Kind.RESPONSES) {
                    integer(name, v, 0, 20);
                    return;
                }
            }
            case "seed" -> {
                if (openAi) {
                    integer(name, v, Long.MIN_VALUE, Long.MAX_VALUE);
                    return;
                }
            }
            case "dimensions" -> {
                if (k == RequestScan.Kind.EMBEDDINGS) {
                    integer(name, v, 1, INT_MAX);
                    return;
                }
            }
            default -> { }
        }
        p.skipChildren();
    }

    /** A key's bytes; one written with escapes cannot be renamed in place, so the tree decides. */
    private RequestScan.Span key(int keyAt, String name) {
        RequestScan.Span span = s.keyAt(keyAt, name);
        if (!span.present()) {
            s.duplicates = true;
        }
        return span;
    }

    private void integer(String name, JsonToken v, long min, long max) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return;
        }
        boolean ok = v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                && p.getLongValue() >= min && p.getLongValue() <= max;
        if (!ok) {
            String range = min == Long.MIN_VALUE ? "a 64-bit integer" : "an integer between " + min + " and " + max;
            other("'" + name + "' must be " + range + ", got " + shown(v), name);
        }
        p.skipChildren();
    }

    private void number(String name, JsonToken v, double min, double max) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return;
        }
        boolean ok = (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT)
                && p.getDoubleValue() >= min && p.getDoubleValue() <= max;
        if (!ok) {
            other("'" + name + "' must be a number between " + plain(min) + " and " + plain(max) + ", got " + shown(v), name);
        }
        p.skipChildren();
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** The value as the client wrote it (short), for the message. */
    private String shown(JsonToken v) throws IOException {
        return switch (v) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> quoted(p.getText());
            default -> p.getText();
        };
    }

    private static String quoted(String text) {
        String t = text.length() > SHOWN ? text.substring(0, SHOWN) + "..." : text;
        return "\"" + t + "\"";
    }

    private void required(String message, String param) {
        if (s.requiredProblem == null) {
            s.requiredProblem = new RequestScan.Problem(message, param);
        }
    }

    private void other(String message, String param) {
        if (s.otherProblem == null) {
            s.otherProblem = new RequestScan.Problem(message, param);
        }
    }
}
