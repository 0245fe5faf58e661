package io.healthgate.simulator;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * What a simulated offer (or a whole gateway) does instead of answering normally. Each fault
 * names the real-world failure it imitates; its wire name is what scenario files and control
 * patches use, and the HTTP status code ("429", "503") is accepted as an alias.
 */
public enum Fault {
    /** Answers normally. */
    NONE("none", 0, TruthState.UP),
    /** 429 with Retry-After. */
    RATE_LIMITED("rate_limited", 429, TruthState.RATE_LIMITED),
    /** 500 internal server error. */
    SERVER_ERROR("server_error", 500, TruthState.DOWN),
    /** 502 with an HTML body, as a proxy in front of a dead upstream sends it. */
    BAD_GATEWAY("bad_gateway", 502, TruthState.DOWN),
    /** 503 overloaded / unavailable. */
    UNAVAILABLE("unavailable", 503, TruthState.DOWN),
    /** 529 overloaded, as Anthropic sends it. */
    OVERLOADED("overloaded", 529, TruthState.DOWN),
    /** 401 even with the right key: the gateway rejects the key. */
    AUTH_REJECTED("auth_rejected", 401, TruthState.AUTH_REJECTED),
    /** 402 insufficient credits. */
    NO_CREDITS("no_credits", 402, TruthState.NO_CREDITS),
    /** 404 model not found: the model was retired. */
    NOT_FOUND("not_found", 404, TruthState.NOT_FOUND),
    /** 400 "max_tokens too small" whatever the request asked for. */
    TOKEN_FLOOR("token_floor", 400, TruthState.UP),
    /** Never answers; the request is dropped when the client closes the connection. */
    HANG("hang", 0, TruthState.HANGING),
    /** 200 and a stream (or body) that stops after k chunks: the connection closes without an end marker. */
    CUT_STREAM("cut_stream", 0, TruthState.BROKEN),
    /** 200 and a stream that carries an error event after k chunks (non-streaming: a 500). */
    STREAM_ERROR("stream_error", 0, TruthState.BROKEN),
    /** 200 with a body that is not valid JSON. */
    MALFORMED("malformed", 0, TruthState.BROKEN),
    /** The connection is closed before any response: a refused or reset connection. */
    RESET("reset", 0, TruthState.DOWN),
    /**
     * 200, then silence with the connection open: a stream stops after {@code fault_after_tokens}
     * content tokens (a non-stream sends its head and no body) for {@code stall_seconds}, then goes on
     * normally; {@code stall_seconds} 0 stalls until the client gives up.
     */
    STALL("stall", 0, TruthState.HANGING),
    /** An otherwise whole stream with one garbage {@code data:} line after {@code fault_after_tokens} tokens (non-stream: a normal answer). */
    MALFORMED_EVENT("malformed_event", 0, TruthState.BROKEN),
    /** The connection is closed after {@code fault_after_tokens} content tokens (non-stream: half a body). */
    CUT_AFTER_TOKENS("cut_after_tokens", 0, TruthState.BROKEN),
    /**
     * The upstream repeats the caller's key: 401 "Incorrect API key provided: KEY" (a stream: 200, then
     * that message as an error event after {@code fault_after_tokens} tokens), so redaction can be tested.
     */
    ECHO_KEY("echo_key", 0, TruthState.AUTH_REJECTED);

    private final String wireName;
    private final int status;
    private final TruthState truth;

    Fault(String wireName, int status, TruthState truth) {
        this.wireName = wireName;
        this.status = status;
        this.truth = truth;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The HTTP status this fault answers with, 0 when it answers 200 or not at all. */
    public int status() {
        return status;
    }

    /** True for faults that play out inside a 200 answer (so a gateway-wide one is left to the offer's plan). */
    public boolean inBand() {
        return this == CUT_STREAM || this == STREAM_ERROR || this == STALL || this == MALFORMED_EVENT
                || this == CUT_AFTER_TOKENS || this == ECHO_KEY;
    }

    /** What the ground truth calls an offer that has this fault right now. */
    public TruthState truthState() {
        return truth;
    }

    @JsonCreator
    public static Fault fromWireName(String s) {
        if (s == null || s.isBlank()) {
            return NONE;
        }
        String k = s.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (Fault f : values()) {
            if (f.wireName.equals(k) || (f.status != 0 && f != TOKEN_FLOOR && String.valueOf(f.status).equals(k))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown fault '" + s + "'; expected one of "
                + java.util.Arrays.stream(values()).map(Fault::wireName).toList());
    }
}
