package io.healthgate.routing;

import io.healthgate.health.OutcomeClass;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Retry-or-stop after an attempt, as a ladder of guard clauses; the first that applies decides.
 * <ol>
 * <li>A success ends the request.</li>
 * <li>Never after the first byte reached the client: a second answer cannot be unsent.</li>
 * <li>Never for {@code bad_request}: the request itself is wrong and every gateway would say so.</li>
 * <li>Never for {@code cancelled}: we or the client abandoned it on purpose.</li>
 * <li>Stop at {@code max_attempts} and at the total deadline.</li>
 * <li>Stop when no candidate is left.</li>
 * <li>Otherwise try the next candidate: timeout, server_error, connection_error and bad_response
 *     are this offer's trouble; rate_limited, not_found, auth_error and no_credits are this
 *     gateway's trouble, and another gateway may serve the same model.</li>
 * </ol>
 */
public final class FailoverPolicy {
    private final RoutingSettings settings;

    public FailoverPolicy(RoutingSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * @param attemptsMade attempts started so far, this one included
     * @param elapsed time since the request arrived
     * @param firstByteSent whether any byte of a response has reached the client
     */
    public Decision decide(AttemptResult result, int attemptsMade, Duration elapsed, boolean firstByteSent, RoutePlan plan) {
        OutcomeClass cls = result.outcome();
        String what = cls.wireName() + " from " + result.offer().gateway();
        if (cls == OutcomeClass.SUCCESS) {
            return new Decision.Stop("succeeded on " + result.offer().gateway());
        }
        if (firstByteSent) {
            return new Decision.Stop(what + " after the first byte reached the client; no failover once committed");
        }
        if (cls == OutcomeClass.BAD_REQUEST) {
            return new Decision.Stop("bad_request: the request itself was rejected; another gateway would reject it too");
        }
        if (cls == OutcomeClass.CANCELLED) {
            return new Decision.Stop("cancelled: the attempt was abandoned on purpose");
        }
        if (!cls.allowsFailover()) {
            return new Decision.Stop(what + " does not allow failover");
        }
        if (attemptsMade >= settings.maxAttempts()) {
            return new Decision.Stop(what + "; max_attempts (" + settings.maxAttempts() + ") reached");
        }
        if (elapsed.compareTo(settings.totalDeadline()) >= 0) {
            return new Decision.Stop(what + "; total deadline (" + Durations.human(settings.totalDeadline()) + ") passed");
        }
        Optional<Candidate> next = plan.after(result.offer());
        if (next.isEmpty()) {
            return new Decision.Stop(what + "; no candidates left");
        }
        return new Decision.TryNext(next.get(), what + "; trying " + next.get().gateway().name());
    }
}
