package io.healthgate.proxy;

import io.healthgate.health.OutcomeClass;

import java.util.EnumMap;
import java.util.Map;

/**
 * The HTTP status a client gets when its journey ends on a failed attempt, by that attempt's
 * outcome class: the one table of it. The upstream's trouble is ours to report (a gateway
 * error, not the client's), so most classes are 502; a limit or a key problem on our side is a
 * 503 (try again later); a timeout is a 504; the client's own bad request keeps the upstream's
 * 4xx, since that is what the client must fix. Two refinements for what each SDK raises: an
 * overloaded provider is 529 ({@code overloaded_error}, Anthropic's OverloadedError) on the
 * Anthropic door and 503 on the OpenAI doors; and on the Anthropic door a client error whose
 * status the Anthropic API never sends (422, 415...) is said as 400, since its SDK would raise an
 * unexpected-status error for it.
 */
final class FailureStatus {
    private static final Map<OutcomeClass, Integer> STATUS = new EnumMap<>(Map.ofEntries(
            Map.entry(OutcomeClass.TIMEOUT, 504),
            Map.entry(OutcomeClass.RATE_LIMITED, 503),
            Map.entry(OutcomeClass.NO_CREDITS, 503),
            Map.entry(OutcomeClass.AUTH_ERROR, 503),
            Map.entry(OutcomeClass.BAD_REQUEST, 400),
            Map.entry(OutcomeClass.NOT_FOUND, 502),
            Map.entry(OutcomeClass.SERVER_ERROR, 502),
            Map.entry(OutcomeClass.CONNECTION_ERROR, 502),
            Map.entry(OutcomeClass.BAD_RESPONSE, 502),
            Map.entry(OutcomeClass.CANCELLED, 502),
            Map.entry(OutcomeClass.SUCCESS, 502))); // a "success" that could not be relayed is still a gateway error

    private FailureStatus() {
    }

    /** The statuses the Anthropic API uses for a client's mistake, each an exception class in its SDKs. */
    private static final java.util.Set<Integer> ANTHROPIC_CLIENT_STATUSES = java.util.Set.of(400, 401, 403, 404, 408, 409, 413, 429);

    /** The status for {@code door}'s client, from the failed attempt's classification. */
    static int of(FrontDoor door, io.healthgate.providers.Classification c, int upstreamStatus) {
        OutcomeClass cls = c.outcomeClass();
        if (cls == OutcomeClass.SERVER_ERROR && "overloaded".equals(c.detail())) {
            return door == FrontDoor.ANTHROPIC ? 529 : 503;
        }
        int status = of(cls, upstreamStatus);
        if (door == FrontDoor.ANTHROPIC && status < 500 && !ANTHROPIC_CLIENT_STATUSES.contains(status)) {
            return 400;
        }
        return status;
    }

    /** @param upstreamStatus the failed attempt's HTTP status (0 when there was none) */
    static int of(OutcomeClass cls, int upstreamStatus) {
        if (cls == OutcomeClass.BAD_REQUEST && upstreamStatus >= 400 && upstreamStatus < 500) {
            return upstreamStatus;
        }
        return STATUS.get(cls);
    }
}
