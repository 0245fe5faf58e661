package io.healthgate.providers;

import io.healthgate.health.OutcomeClass;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one upstream call came to: its {@link OutcomeClass}, a finer label, how long the gateway
 * asked us to wait, and a short summary safe to log and store.
 *
 * @param detail a finer snake_case label: {@code context_length}, {@code output_limit},
 *     {@code content_policy}, {@code insufficient_quota}, {@code overloaded}, {@code model_not_found}, ...
 * @param retryAfter the wait the gateway asked for (Retry-After, x-ratelimit-reset-*, "try again in 26s")
 * @param summary short, redacted text ("429 rate_limited: Rate limit reached for ..."), empty on plain success
 */
public record Classification(OutcomeClass outcomeClass, String detail, Optional<Duration> retryAfter, String summary) {

    /** Summaries are cut to this many characters. */
    public static final int MAX_SUMMARY = 240;

    public Classification {
        Objects.requireNonNull(outcomeClass, "outcomeClass");
        detail = detail == null ? "" : detail;
        retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
        summary = Secrets.summarize(summary, MAX_SUMMARY);
    }

    /** Immutable, so one serves every success (building it ran the summary's redaction per request). */
    private static final Classification SUCCESS = new Classification(OutcomeClass.SUCCESS, "", Optional.empty(), "");

    public static Classification success() {
        return SUCCESS;
    }

    public static Classification of(OutcomeClass cls, String detail, String summary) {
        return new Classification(cls, detail, Optional.empty(), summary);
    }

    /** A stream that ended before its terminal event: the upstream broke it, so it counts against the offer. */
    public static Classification streamCut(String summary) {
        return of(OutcomeClass.BAD_RESPONSE, "stream_cut", summary);
    }

    /** The call was abandoned by us (a lost hedge, a client that went away). */
    public static Classification cancelled(String summary) {
        return of(OutcomeClass.CANCELLED, "cancelled", summary);
    }

    public boolean isSuccess() {
        return outcomeClass == OutcomeClass.SUCCESS;
    }

    /**
     * The same result read as a probe's verdict. A probe asks for a handful of tokens; a model
     * that answers "max_tokens or model output limit was reached" (a 400, or a 200 whose tiny
     * budget was eaten by reasoning) has loaded, read the prompt and generated: it is alive, so
     * the probe counts as a success. Everything else is unchanged.
     */
    public Classification forProbe() {
        if (outcomeClass == OutcomeClass.BAD_REQUEST && "output_limit".equals(detail)) {
            return new Classification(OutcomeClass.SUCCESS, detail, retryAfter, summary);
        }
        return this;
    }

    public Classification withRetryAfter(Optional<Duration> wait) {
        return new Classification(outcomeClass, detail, wait, summary);
    }
}
