package io.healthgate.routing;

import io.healthgate.catalog.OfferId;
import io.healthgate.health.OutcomeClass;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The one failover decision of the gateway, in both routing modes (ordered mode is the same
 * ladder over a plan with no health filtering). Retry-or-stop after an attempt, as a ladder of
 * guard clauses; the first that applies decides, and says why in one line.
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
 * A hedge (a second attempt started alongside a slow first one) climbs the same ladder from
 * rule 2: never once committed, and it spends an attempt like any other.
 */
public final class FailoverPolicy {
    private final RoutingSettings settings;

    public FailoverPolicy(RoutingSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** After an attempt, with the candidate after it in {@code plan} as the next one. */
    public Decision decide(AttemptResult result, int attemptsMade, Duration elapsed, boolean firstByteSent, RoutePlan plan) {
        return decide(result, attemptsMade, elapsed, firstByteSent, plan.after(result.offer()));
    }

    /**
     * @param attemptsMade attempts started so far, this one included
     * @param elapsed time since the request arrived
     * @param firstByteSent whether any byte of a response has reached the client
     * @param next the first candidate not tried yet; empty when none is left
     */
    public Decision decide(AttemptResult result, int attemptsMade, Duration elapsed, boolean firstByteSent, Optional<Candidate> next) {
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
        return withinBudget(what, attemptsMade, elapsed, next);
    }

    /**
     * Whether to start {@code next} alongside {@code slow}, which has sent nothing by the hedge delay.
     *
     * @param attemptsMade attempts started so far
     */
    public Decision hedge(OfferId slow, int attemptsMade, Duration elapsed, boolean firstByteSent, Optional<Candidate> next) {
        String what = "no first byte yet from " + slow.gateway();
        if (firstByteSent) {
            return new Decision.Stop(what + ", but an answer already reached the client; no hedge once committed");
        }
        return withinBudget(what, attemptsMade, elapsed, next);
    }

    /** The ladder's tail, shared by failover and hedging: attempts, deadline, candidates left. */
    private Decision withinBudget(String what, int attemptsMade, Duration elapsed, Optional<Candidate> next) {
        if (attemptsMade >= settings.maxAttempts()) {
            return new Decision.Stop(what + "; max_attempts (" + settings.maxAttempts() + ") reached");
        }
        if (elapsed.compareTo(settings.totalDeadline()) >= 0) {
            return new Decision.Stop(what + "; total deadline (" + Durations.human(settings.totalDeadline()) + ") passed");
        }
        if (next.isEmpty()) {
            return new Decision.Stop(what + "; no candidates left");
        }
        return new Decision.TryNext(next.get(), what + "; trying " + next.get().gateway().name());
    }
}
