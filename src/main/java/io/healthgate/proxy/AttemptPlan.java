package io.healthgate.proxy;

import io.healthgate.catalog.Offer;
import io.healthgate.health.OutcomeClass;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One request's routing decisions, made once when it arrives (by an {@link AttemptPlanner}) and
 * asked again at each step of its journey. The proxy only carries them out.
 */
public interface AttemptPlan {

    /** The offers to try, best first. Empty when none may serve; {@link #reason()} then says why. */
    List<Offer> candidates();

    /**
     * Asked right before a candidate is called. False skips it without counting an attempt (for
     * example, its circuit breaker is open and allows no trial call now). A true answer may take
     * a half-open breaker's one trial permit, so it is asked only when the call is ready to go.
     */
    boolean permits(Offer offer);

    /**
     * Whether, after attempt number {@code attemptsSoFar} (1-based) on {@code failed} ended in
     * {@code outcome}, the next candidate should be tried.
     *
     * @param firstByteSent true once any byte of the answer reached the client
     * @param elapsed time since the request arrived
     */
    boolean shouldTryNext(Offer failed, OutcomeClass outcome, int attemptsSoFar, boolean firstByteSent, Duration elapsed);

    /**
     * How long an attempt may go without its first byte (for a stream: its first event to the
     * client) before it is abandoned as a {@code timeout}; never longer than the proxy's own
     * first-byte limit, which also applies when this is empty.
     */
    default Optional<Duration> firstTokenDeadline() {
        return Optional.empty();
    }

    /**
     * When present: if the first attempt has sent nothing after this long, the next candidate is
     * started alongside it and the first to send a byte wins. Empty: no hedging.
     */
    default Optional<Duration> hedgeDelay() {
        return Optional.empty();
    }

    /** True when health filtering left nothing (or health was unreadable) and every configured offer is tried anyway. */
    default boolean failOpen() {
        return false;
    }

    /** One line on how the plan was made; for an empty plan, why nothing can serve. */
    default String reason() {
        return "";
    }
}
