package io.healthgate.providers;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Byte-level edits of a JSON body whose fields were located by a streaming scan: a value or a key
 * replaced, a member inserted after the opening brace. Everything else is copied as the sender
 * wrote it, so a body relayed in its own protocol is never parsed into a tree nor re-serialised.
 */
public final class RawBodies {
    private static final byte[] INCLUDE_USAGE = "\"stream_options\":{\"include_usage\":true},".getBytes(StandardCharsets.UTF_8);

    private RawBodies() {
    }

    private record Edit(int start, int end, byte[] with) {
    }

    /**
     * The client's request with {@code model} set to {@code upstreamModel}, the key at {@code rename}
     * (when present) renamed to {@code renameTo}, and {@code stream_options.include_usage} added when
     * asked (only when the body has no {@code stream_options}).
     */
    public static byte[] request(RequestScan scan, String upstreamModel, RequestScan.Span rename, String renameTo, boolean includeUsage) {
        List<Edit> edits = new ArrayList<>(3);
        edits.add(new Edit(scan.modelValue().start(), scan.modelValue().end(), quoted(upstreamModel)));
        if (rename.present()) {
            edits.add(new Edit(rename.start(), rename.end(), quoted(renameTo)));
        }
        if (includeUsage) {
            edits.add(new Edit(scan.objectStart() + 1, scan.objectStart() + 1, INCLUDE_USAGE));
        }
        return apply(scan.raw(), edits);
    }

    /**
     * An answer with its top-level {@code model} set to {@code model}: the value replaced where it
     * is, or the member added first when the answer has none; the bytes themselves when it already says so.
     */
    public static byte[] withModel(byte[] raw, int objectStart, RequestScan.Span modelValue, String model) {
        byte[] q = quoted(model);
        if (modelValue.present()) {
            if (sameBytes(raw, modelValue, q)) {
                return raw;
            }
            return apply(raw, List.of(new Edit(modelValue.start(), modelValue.end(), q)));
        }
        byte[] member = concat("\"model\":".getBytes(StandardCharsets.UTF_8), q, onlyMember(raw, objectStart) ? new byte[0] : new byte[] {','});
        return apply(raw, List.of(new Edit(objectStart + 1, objectStart + 1, member)));
    }

    /** What relaying an answer needs from it: where its object and model value are, and its token counts. */
    /**
     * What one pass over a whole answer found.
     *
     * @param usable true only when the answer is plainly a usable completion (an OpenAI chat
     *     completion whose first choice has content, tool calls or a refusal; an Anthropic message
     *     with a non-thinking block that is not empty text) and carries no error: then
     *     {@link OutcomeClassifier} would call it a success, and the tree it needs is not built.
     *     False means "ask the classifier", never "failed".
     */
    public record Answer(int objectStart, RequestScan.Span modelValue, long inputTokens, long outputTokens, boolean usable) {
    }

    private static final com.fasterxml.jackson.core.JsonFactory FACTORY = new com.fasterxml.jackson.core.JsonFactory();

    /**
     * One streaming pass over a whole answer (no tree): the top-level {@code model} value's bytes
     * and {@code usage} (OpenAI {@code prompt_tokens/completion_tokens}, Anthropic
     * {@code input_tokens/output_tokens}); null when the bytes are not one JSON object.
     */
    public static Answer scanAnswer(byte[] raw) {
        try (JsonParser p = FACTORY.createParser(raw)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            int objectStart = (int) p.currentTokenLocation().getByteOffset();
            RequestScan.Span model = RequestScan.Span.NONE;
            long in = 0;
            long out = 0;
            Shape shape = new Shape();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "model" -> {
                        if (v != JsonToken.VALUE_STRING) {
                            p.skipChildren();
                        } else if (model.present()) {
                            return null; // a repeated model: leave it to the tree
                        } else {
                            model = stringSpan(raw, (int) p.currentTokenLocation().getByteOffset());
                        }
                    }
                    case "usage" -> {
                        if (v != JsonToken.START_OBJECT) {
                            p.skipChildren();
                            break;
                        }
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String k = p.currentName();
                            JsonToken t = p.nextToken();
                            if (t == JsonToken.VALUE_NUMBER_INT) {
                                switch (k) {
                                    case "prompt_tokens", "input_tokens" -> in = Math.max(in, p.getLongValue());
                                    case "completion_tokens", "output_tokens" -> out = Math.max(out, p.getLongValue());
                                    default -> { }
                                }
                            } else {
                                p.skipChildren();
                            }
                        }
                    }
                    case "error" -> {
                        shape.error |= v != JsonToken.VALUE_NULL;
                        p.skipChildren();
                    }
                    case "object" -> shape.object = v == JsonToken.VALUE_STRING ? p.getText() : "?";
                    case "type" -> {
                        shape.messageType |= v == JsonToken.VALUE_STRING && "message".equals(p.getText());
                        p.skipChildren();
                    }
                    case "choices" -> shape.choiceUsable = v == JsonToken.START_ARRAY && firstChoiceUsable(p);
                    case "content" -> {
                        shape.contentArray = v == JsonToken.START_ARRAY;
                        shape.blockUsable = shape.contentArray && anyBlockUsable(p);
                        if (!shape.contentArray) {
                            p.skipChildren();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                return null;
            }
            return new Answer(objectStart, model, in, out, shape.usable());
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** The facts about an answer's top level that decide whether it is plainly usable (see CompletionCheck). */
    private static final class Shape {
        boolean error;
        String object;
        boolean messageType;
        boolean contentArray;
        boolean blockUsable;
        boolean choiceUsable;

        boolean usable() {
            if (error) {
                return false;
            }
            if (messageType || contentArray) {
                return blockUsable; // the Anthropic shape
            }
            return object == null || "chat.completion".equals(object) ? choiceUsable : false;
        }
    }

    /** At the start of {@code choices}: whether the first choice's message has content, tool calls, a refusal or a function call; consumes the array. */
    private static boolean firstChoiceUsable(JsonParser p) throws java.io.IOException {
        boolean usable = false;
        JsonToken first = p.nextToken();
        if (first == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals("message") && v == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String k = p.currentName();
                        JsonToken t = p.nextToken();
                        switch (k) {
                            case "content", "refusal" -> usable |= t == JsonToken.VALUE_STRING && !p.getText().isEmpty();
                            case "tool_calls" -> usable |= t == JsonToken.START_ARRAY && !emptyArray(p);
                            case "function_call" -> usable |= t == JsonToken.START_OBJECT;
                            default -> { }
                        }
                        p.skipChildren();
                    }
                } else {
                    p.skipChildren();
                }
            }
        } else if (first == JsonToken.END_ARRAY) {
            return false;
        } else {
            p.skipChildren();
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
            p.skipChildren();
        }
        return usable;
    }

    /**
     * At the start of an Anthropic {@code content} array: whether a block is neither thinking nor
     * empty text; consumes the array. Anything unusual (a block that is not an object, a text that is
     * not a string) gives false, which leaves the judgement to the classifier's tree.
     */
    private static boolean anyBlockUsable(JsonParser p) throws java.io.IOException {
        boolean usable = false;
        boolean odd = false;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                odd = true;
                continue;
            }
            String type = "";
            boolean emptyText = true;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String k = p.currentName();
                JsonToken v = p.nextToken();
                if (k.equals("type")) {
                    odd |= v != JsonToken.VALUE_STRING;
                    type = v == JsonToken.VALUE_STRING ? p.getText() : type;
                } else if (k.equals("text")) {
                    odd |= v != JsonToken.VALUE_STRING;
                    emptyText = v != JsonToken.VALUE_STRING || p.getText().isEmpty();
                }
                p.skipChildren();
            }
            boolean thinking = type.equals("thinking") || type.equals("redacted_thinking");
            usable |= !thinking && (!type.equals("text") || !emptyText);
        }
        return usable && !odd;
    }

    /** At the start of an array: true when it has no element; leaves the parser on the array's first element (or its end). */
    private static boolean emptyArray(JsonParser p) throws java.io.IOException {
        JsonToken t = p.nextToken();
        if (t == JsonToken.END_ARRAY) {
            return true;
        }
        p.skipChildren();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            p.skipChildren();
        }
        return false;
    }

    static RequestScan.Span stringSpan(byte[] raw, int start) {
        if (start < 0 || start >= raw.length || raw[start] != '"') {
            return RequestScan.Span.NONE;
        }
        for (int i = start + 1; i < raw.length; i++) {
            if (raw[i] == '\\') {
                i++;
            } else if (raw[i] == '"') {
                return new RequestScan.Span(start, i + 1);
            }
        }
        return RequestScan.Span.NONE;
    }

    /** True when nothing but whitespace follows the opening brace before the closing one ({@code {}}). */
    private static boolean onlyMember(byte[] raw, int objectStart) {
        for (int i = objectStart + 1; i < raw.length; i++) {
            byte b = raw[i];
            if (b == '}') {
                return true;
            }
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return false;
    }

    private static boolean sameBytes(byte[] raw, RequestScan.Span span, byte[] q) {
        if (span.end() - span.start() != q.length) {
            return false;
        }
        for (int i = 0; i < q.length; i++) {
            if (raw[span.start() + i] != q[i]) {
                return false;
            }
        }
        return true;
    }

    static byte[] quoted(String s) {
        return concat(new byte[] {'"'}, JsonStringEncoder.getInstance().quoteAsUTF8(s), new byte[] {'"'});
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static byte[] apply(byte[] raw, List<Edit> edits) {
        List<Edit> sorted = new ArrayList<>(edits);
        sorted.sort(Comparator.comparingInt(Edit::start));
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + 64);
        int at = 0;
        for (Edit e : sorted) {
            out.write(raw, at, e.start() - at);
            out.write(e.with(), 0, e.with().length);
            at = e.end();
        }
        out.write(raw, at, raw.length - at);
        return out.toByteArray();
    }
}
