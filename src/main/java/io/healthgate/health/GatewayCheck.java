package io.healthgate.health;

import io.healthgate.catalog.Gateway;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * The cheapest free check a gateway has (its models list): reachability and key, no tokens.
 * Implemented at the HTTP edge; the stage always completes normally.
 */
@FunctionalInterface
public interface GatewayCheck {
    CompletionStage<Result> check(Gateway gateway, Duration timeout);

    /** What the check learnt. */
    enum Reach {
        /** It answered 200. */
        REACHABLE,
        /** It refused the key (401/403): the tiny completion will say so in its own class. */
        KEY_REJECTED,
        /** No answer, a connection failure or a 5xx: the gateway looks down. */
        UNREACHABLE,
        /** Nothing learnt (no models list, or it was rate limited): go on to the completion. */
        UNKNOWN;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** @param detail short words for people ("HTTP 503", "connection refused"); never the key */
    record Result(Reach reach, String detail) {
        public Result {
            Objects.requireNonNull(reach, "reach");
            detail = detail == null ? "" : detail;
        }
    }

    /** A gateway with no free check: always go on to the completion. */
    GatewayCheck NONE = (g, t) -> java.util.concurrent.CompletableFuture.completedFuture(new Result(Reach.UNKNOWN, "no free check"));
}
