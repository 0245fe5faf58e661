package io.healthgate.providers;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * One pass of Jackson's streaming parser over a client's request body (no tree): checks it at the
 * door ({@link RequestRules}: the door's required fields, numbers and integers in range, messages,
 * roles and content types) and remembers what routing and byte-level shaping need: the model and
 * where its value sits in the bytes, {@code stream}, {@code stream_options.include_usage}, whether
 * a {@code provider} object is present, where the token-limit keys sit, and the structured-output
 * type. The first problem found wins, in the order the door always reported them: JSON syntax,
 * {@code model}, the door's required field, {@code stream}, then the rest in body order.
 */
public final class RequestScan {
    private static final JsonFactory FACTORY = new JsonFactory();

    /** What a door's body is: the rules that apply to it. */
    public enum Kind { OPENAI_CHAT, ANTHROPIC_MESSAGES, RESPONSES, EMBEDDINGS, COMPLETIONS }

    /** A body refused at the door: the message for the client and the field it names (null for the body itself). */
    public record Problem(String message, String param) {
    }

    /** A span of bytes in the body, end exclusive; {@code NONE} when absent. */
    public record Span(int start, int end) {
        public static final Span NONE = new Span(-1, -1);

        public boolean present() {
            return start >= 0;
        }
    }

    final Kind kind;
    private final byte[] raw;
    String model;
    boolean modelSeen;
    Span modelValue = Span.NONE;
    boolean stream;
    boolean providerPresent;
    boolean streamOptionsPresent;
    boolean includeUsage;
    Span maxTokensKey = Span.NONE;
    Span maxCompletionTokensKey = Span.NONE;
    String responseFormatType = "";
    /** A field this scan tracks appeared twice (or its key was written with escapes): byte-level shaping is not safe, the tree decides. */
    boolean duplicates;
    int objectStart = -1;
    Problem syntax;
    Problem modelProblem;
    Problem requiredProblem;
    Problem streamProblem;
    Problem otherProblem;
    boolean requiredSeen;

    private RequestScan(Kind kind, byte[] raw) {
        this.kind = kind;
        this.raw = raw;
    }

    /** Scans {@code raw} (UTF-8 JSON) as a body of {@code kind}; never throws. */
    public static RequestScan of(Kind kind, byte[] raw) {
        RequestScan scan = new RequestScan(kind, raw);
        if (raw == null || raw.length == 0) {
            scan.syntax = new Problem("request body is empty; expected a JSON object", null);
            return scan;
        }
        try (JsonParser p = FACTORY.createParser(raw)) {
            new RequestRules(scan, p).body();
        } catch (JsonProcessingException e) {
            scan.syntax = new Problem("request body is not valid JSON: " + e.getOriginalMessage(), null);
        } catch (IOException e) {
            scan.syntax = new Problem("request body could not be read", null);
        }
        return scan;
    }

    /** The first problem of either kind: {@link #shapeProblem()}, else {@link #strictProblem()}; null when the body may go on. */
    public Problem problem() {
        Problem p = shapeProblem();
        return p != null ? p : strictProblem();
    }

    /**
     * The strict checks (numbers in range, messages non-empty, roles and content), reported after
     * the door's older checks and the client's provider preferences, so those keep their answers.
     */
    public Problem strictProblem() {
        return otherProblem;
    }

    /** What the door always refused first: syntax, {@code model}, the required field's type, {@code stream}. */
    public Problem shapeProblem() {
        if (syntax != null) {
            return syntax;
        }
        if (modelProblem != null) {
            return modelProblem;
        }
        if (!modelSeen || model == null) {
            return new Problem("missing required field 'model'", "model");
        }
        if (requiredProblem != null) {
            return requiredProblem;
        }
        if (!requiredSeen) {
            String field = RequestRules.requiredField(kind);
            return new Problem("missing required field '" + field + "'", field);
        }
        return streamProblem;
    }

    public byte[] raw() {
        return raw;
    }

    public String model() {
        return model;
    }

    /** The bytes of the top-level {@code model} value, quotes included. */
    public Span modelValue() {
        return modelValue;
    }

    public boolean stream() {
        return stream;
    }

    public boolean providerPresent() {
        return providerPresent;
    }

    public boolean streamOptionsPresent() {
        return streamOptionsPresent;
    }

    /** The client's {@code stream_options.include_usage}. */
    public boolean includeUsage() {
        return includeUsage;
    }

    /** The key {@code "max_tokens"} (quotes included), when present at top level. */
    public Span maxTokensKey() {
        return maxTokensKey;
    }

    /** The key {@code "max_completion_tokens"} (quotes included), when present at top level. */
    public Span maxCompletionTokensKey() {
        return maxCompletionTokensKey;
    }

    /** {@code response_format.type}, or "" when none. */
    public String responseFormatType() {
        return responseFormatType;
    }

    /** True when a tracked top-level field appeared more than once. */
    public boolean duplicates() {
        return duplicates;
    }

    /** True when the bytes must not be edited in place (a repeated or escaped tracked key): the tree decides. */
    public boolean spliceUnsafe() {
        return duplicates || modelValue == Span.NONE;
    }

    /** Where the body's opening brace is. */
    public int objectStart() {
        return objectStart;
    }

    /** The span of the string value token starting at {@code start} (its opening quote): to its closing quote. */
    Span stringAt(int start) {
        return RawBodies.stringSpan(raw, start);
    }

    /** The span of a key written plainly ({@code "name"}, no escapes) at {@code start}, else NONE. */
    Span keyAt(int start, String name) {
        byte[] k = ("\"" + name + "\"").getBytes(StandardCharsets.UTF_8);
        if (start < 0 || start + k.length > raw.length) {
            return Span.NONE;
        }
        for (int i = 0; i < k.length; i++) {
            if (raw[start + i] != k[i]) {
                return Span.NONE;
            }
        }
        return new Span(start, start + k.length);
    }
}
