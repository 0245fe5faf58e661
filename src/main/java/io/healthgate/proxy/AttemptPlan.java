package io.healthgate.proxy;

import io.healthgate.catalog.Offer;
import io.healthgate.catalog.OfferId;
import io.healthgate.health.OutcomeClass;
import io.healthgate.routing.AttemptResult;
import io.healthgate.routing.Candidate;
import io.healthgate.routing.Decision;
import io.healthgate.routing.FailoverPolicy;
import io.healthgate.routing.RoutePlan;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One request's routing decisions, made once when it arrives (by an {@link AttemptPlanner}) and
 * asked again at each step of its journey; the proxy only carries them out. Both planners build
 * the same thing: a {@link RoutePlan} and the one {@link FailoverPolicy}; they differ only in how
 * the candidates were chosen and whether breakers are asked.
 */
public final class AttemptPlan {
    private final RoutePlan route;
    private final List<Offer> offers;
    private final FailoverPolicy failover;
    private final Predicate<OfferId> permission;
    private final java.util.function.Consumer<OfferId> unused;
    private final Optional<Duration> firstTokenDeadline;
    private final Optional<Duration> hedgeDelay;

    /**
     * @param permission asked right before a candidate is called (see {@link #permits})
     * @param firstTokenDeadline empty: the proxy's own first-byte limit only
     * @param hedgeDelay empty: no hedging
     */
    public AttemptPlan(RoutePlan route, FailoverPolicy failover, Predicate<OfferId> permission,
                       Optional<Duration> firstTokenDeadline, Optional<Duration> hedgeDelay) {
        this(route, failover, permission, id -> { }, firstTokenDeadline, hedgeDelay);
    }

    /**
     * @param unused told when a permitted call was cancelled before it was sent: a half-open
     *     breaker's trial permit it took is given back (no outcome will ever free it)
     */
    public AttemptPlan(RoutePlan route, FailoverPolicy failover, Predicate<OfferId> permission,
                       java.util.function.Consumer<OfferId> unused, Optional<Duration> firstTokenDeadline,
                       Optional<Duration> hedgeDelay) {
        this.unused = Objects.requireNonNull(unused, "unused");
        this.route = Objects.requireNonNull(route, "route");
        Offer[] offers = new Offer[route.candidates().size()]; // a loop, not a stream pipeline: one plan per request
        for (int i = 0; i < offers.length; i++) {
            offers[i] = route.candidates().get(i).offer();
        }
        this.offers = List.of(offers);
        this.failover = Objects.requireNonNull(failover, "failover");
        this.permission = Objects.requireNonNull(permission, "permission");
        this.firstTokenDeadline = Objects.requireNonNull(firstTokenDeadline, "firstTokenDeadline");
        this.hedgeDelay = Objects.requireNonNull(hedgeDelay, "hedgeDelay");
    }

    /** The offers to try, best first. Empty when none may serve; {@link #reason()} then says why. */
    public List<Offer> candidates() {
        return offers;
    }

    /**
     * Asked right before a candidate is called. False skips it without counting an attempt (for
     * example, its circuit breaker is open and allows no trial call now). A true answer may take
     * a half-open breaker's one trial permit, so it is asked only when the call is ready to go.
     */
    public boolean permits(Offer offer) {
        return permission.test(offer.id());
    }

    /** A call {@link #permits} allowed was cancelled before it was sent: it used nothing, so its permit goes back. */
    public void unused(Offer offer) {
        unused.accept(offer.id());
    }

    /**
     * What to do after attempt number {@code attemptsSoFar} (1-based) on {@code failed} ended in
     * {@code outcome}: {@link FailoverPolicy#decide}.
     *
     * @param firstByteSent true once any byte of the answer reached the client
     * @param elapsed time since the request arrived
     * @param next the first candidate not tried yet
     */
    public Decision afterAttempt(Offer failed, OutcomeClass outcome, int attemptsSoFar, boolean firstByteSent, Duration elapsed,
                                 Optional<Offer> next) {
        return failover.decide(new AttemptResult(failed.id(), outcome), attemptsSoFar, elapsed, firstByteSent, candidate(next));
    }

    /** Whether to start {@code next} alongside {@code slow}: {@link FailoverPolicy#hedge}. */
    public Decision hedge(Offer slow, int attemptsSoFar, boolean firstByteSent, Duration elapsed, Optional<Offer> next) {
        return failover.hedge(slow.id(), attemptsSoFar, elapsed, firstByteSent, candidate(next));
    }

    /** A short Retry-After on the last candidate, waited for once: {@link FailoverPolicy#waitForRetry}. */
    public Optional<Duration> waitForRetry(Offer failed, OutcomeClass outcome, Optional<Duration> retryAfter, boolean waitedBefore,
                                           int attemptsSoFar, boolean firstByteSent, Duration elapsed, boolean candidatesLeft) {
        return failover.waitForRetry(new AttemptResult(failed.id(), outcome), retryAfter, waitedBefore, attemptsSoFar, elapsed,
                firstByteSent, candidatesLeft);
    }

    /** Whether a journey stopped on this failure goes on to the model's fallbacks: {@link FailoverPolicy#movesToFallbackModel}. */
    public boolean movesToFallbackModel(OutcomeClass outcome, String detail, boolean firstByteSent) {
        return failover.movesToFallbackModel(outcome, detail, firstByteSent);
    }

    /** Whether to continue a stream that failed mid-way on {@code next}: {@link FailoverPolicy#continueStream}. */
    public Decision continueStream(Offer failed, OutcomeClass outcome, int attemptsSoFar, Duration elapsed, Optional<Offer> next) {
        return failover.continueStream(new AttemptResult(failed.id(), outcome), attemptsSoFar, elapsed, candidate(next));
    }

    private Optional<Candidate> candidate(Optional<Offer> offer) {
        return offer.flatMap(o -> route.candidates().stream().filter(c -> c.id().equals(o.id())).findFirst());
    }

    /**
     * How long an attempt may go without its first byte (for a stream: its first event to the
     * client) before it is abandoned as a {@code timeout}; never longer than the proxy's own
     * first-byte limit, which also applies when this is empty.
     */
    public Optional<Duration> firstTokenDeadline() {
        return firstTokenDeadline;
    }

    /**
     * When present: if the first attempt has sent nothing after this long, the next candidate is
     * started alongside it and the first to send a byte wins. Empty: no hedging.
     */
    public Optional<Duration> hedgeDelay() {
        return hedgeDelay;
    }

    /** True when health filtering left nothing (or health was unreadable) and every configured offer is tried anyway. */
    public boolean failOpen() {
        return route.failOpen();
    }

    /** One line on how the plan was made; for an empty plan, why nothing can serve. */
    public String reason() {
        return route.reason();
    }
}
