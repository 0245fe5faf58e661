package io.healthgate.proxy.interim;

import io.healthgate.health.OutcomeClass;

import java.time.Duration;
import java.util.Optional;

/** TEMPORARY: see package-info. */
public record Classification(OutcomeClass outcomeClass, String detail, Optional<Duration> retryAfter, String summary) {
    public Classification {
        detail = detail == null ? "" : detail;
        retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
        summary = summary == null ? "" : (summary.length() > 240 ? summary.substring(0, 240) : summary);
    }

    public static Classification success() {
        return new Classification(OutcomeClass.SUCCESS, "", Optional.empty(), "");
    }

    public static Classification of(OutcomeClass cls, String detail, String summary) {
        return new Classification(cls, detail, Optional.empty(), summary);
    }

    public static Classification streamCut(String summary) {
        return of(OutcomeClass.BAD_RESPONSE, "stream_cut", summary);
    }

    public static Classification cancelled(String summary) {
        return of(OutcomeClass.CANCELLED, "cancelled", summary);
    }

    public boolean isSuccess() {
        return outcomeClass == OutcomeClass.SUCCESS;
    }

    public Classification forProbe() {
        return outcomeClass == OutcomeClass.BAD_REQUEST && "output_limit".equals(detail) ? success() : this;
    }
}
