package io.healthgate.routing;

import io.healthgate.catalog.OfferId;
import io.healthgate.health.Outcome;
import io.healthgate.health.OutcomeClass;
import io.healthgate.health.OutcomeListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A circuit breaker per offer, fed from outcome records (subscribe it to the outcome bus).
 * <p>
 * Rules: a closed breaker opens after {@link BreakerSettings#consecutiveFailures} counting
 * failures in a row, or when the failure rate over the window reaches the threshold with at least
 * {@link BreakerSettings#minimumCalls} calls; it stays open for the open wait; then it is half-open
 * and lets one trial through at a time; enough trial successes close it, a trial failure reopens
 * it with twice the previous wait (capped). Only classes that count against an offer are
 * failures; {@code success} counts for it; rate limits, auth errors, missing credits, not-found,
 * the client's own bad requests and cancellations are ignored, because they say nothing about
 * whether the model works.
 * <p>
 * Time comes from the injected clock for outcomes; questions take {@code now}. Thread-safe.
 */
public final class BreakerRegistry implements OutcomeListener {
    private static final Logger log = LoggerFactory.getLogger(BreakerRegistry.class);

    private final BreakerSettings settings;
    private final Clock clock;
    private final ConcurrentMap<OfferId, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final List<Consumer<BreakerTransition>> subscribers = new CopyOnWriteArrayList<>();

    public BreakerRegistry(BreakerSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public BreakerSettings settings() {
        return settings;
    }

    @Override
    public void onOutcome(Outcome outcome) {
        record(outcome.offer(), outcome.outcomeClass());
    }

    /** Feeds one outcome class for an offer, at the clock's now. */
    public void record(OfferId offer, OutcomeClass outcomeClass) {
        Instant now = clock.instant();
        breaker(offer, now).record(outcomeClass, now);
    }

    /**
     * Applies a breaker move another instance made (see {@link CircuitBreaker#applyPeer}):
     * {@code open} until {@code until}, or {@code closed}. Subscribers see the resulting
     * transitions with {@link BreakerTransition#fromPeer()} set.
     */
    public void applyPeer(OfferId offer, BreakerState to, Instant until, String reason) {
        Instant now = clock.instant();
        breaker(offer, now).applyPeer(to, until, reason, now);
    }

    /**
     * Asks to call the offer now; the proxy asks before every attempt and skips the candidate on
     * {@code false}. A half-open breaker grants exactly one permit until that trial's outcome is
     * recorded.
     */
    public boolean tryAcquirePermission(OfferId offer, Instant now) {
        CircuitBreaker b = breakers.get(offer);
        return b == null || b.tryAcquirePermission(now);
    }

    /** Would {@link #tryAcquirePermission} say yes now? Takes nothing; the router uses it to filter. */
    public boolean wouldPermit(OfferId offer, Instant now) {
        CircuitBreaker b = breakers.get(offer);
        return b == null || b.wouldPermit(now);
    }

    public BreakerState state(OfferId offer, Instant now) {
        return view(offer, now).state();
    }

    /** The breaker's state, since when and why; an offer never heard of is closed since now. */
    public BreakerView view(OfferId offer, Instant now) {
        CircuitBreaker b = breakers.get(offer);
        return b == null
                ? new BreakerView(offer, BreakerState.CLOSED, now, "no outcomes yet", 0, 0.0, java.util.Optional.empty())
                : b.view(now);
    }

    /** Every breaker that has seen an outcome, by offer. */
    public List<BreakerView> views(Instant now) {
        return breakers.entrySet().stream()
                .sorted(java.util.Map.Entry.comparingByKey(Comparator.naturalOrder()))
                .map(e -> e.getValue().view(now))
                .toList();
    }

    /**
     * Subscribes to every state transition, published on the thread that caused it (keep it
     * quick). A failing subscriber is logged and never disturbs the breaker or other subscribers.
     *
     * @return closing it unsubscribes
     */
    public AutoCloseable subscribe(Consumer<BreakerTransition> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    private CircuitBreaker breaker(OfferId offer, Instant now) {
        return breakers.computeIfAbsent(offer, o -> new CircuitBreaker(o, settings, now, this::publish));
    }

    private void publish(BreakerTransition t) {
        log.info("breaker {} {} -> {}{}: {}", t.offer(), t.from().wireName(), t.to().wireName(), t.fromPeer() ? " (from the fleet)" : "", t.reason());
        for (Consumer<BreakerTransition> s : subscribers) {
            try {
                s.accept(t);
            } catch (RuntimeException e) {
                log.warn("breaker subscriber {} failed on {}: {}", s.getClass().getSimpleName(), t, e.toString());
            }
        }
    }
}
