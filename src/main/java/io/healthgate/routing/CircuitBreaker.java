package io.healthgate.routing;

import io.healthgate.catalog.OfferId;
import io.healthgate.health.OutcomeClass;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One offer's breaker. Its state is an immutable {@link Phase} swapped by compare-and-set, so any
 * number of event-loop threads can report outcomes and ask for permission at once; each
 * transition is published exactly once, by the thread whose swap made it.
 */
final class CircuitBreaker {
    private final OfferId offer;
    private final BreakerSettings settings;
    private final Consumer<BreakerTransition> events;
    private final AtomicReference<Phase> phase;

    CircuitBreaker(OfferId offer, BreakerSettings settings, Instant createdAt, Consumer<BreakerTransition> events) {
        this.offer = offer;
        this.settings = settings;
        this.events = events;
        this.phase = new AtomicReference<>(Phase.initial(createdAt, settings));
    }

    /** Feeds one outcome: counting classes move the breaker, all others only free a half-open permit. */
    void record(OutcomeClass cls, Instant now) {
        if (cls.isCountingSample()) {
            swap(now, p -> p.onCounting(cls, now, settings));
        } else {
            swap(now, Phase::onIgnored);
        }
    }

    /**
     * Asks to make one call now. Closed: yes. Open: no, until its wait has passed, when it turns
     * half-open and this caller gets the single trial permit. Half-open: yes to exactly one caller
     * until that trial's outcome arrives (or the permit times out).
     */
    boolean tryAcquirePermission(Instant now) {
        while (true) {
            Phase current = phase.get();
            Phase advanced = current.advance(now, settings);
            Phase next = advanced;
            boolean granted = switch (advanced) {
                case Phase.Closed c -> true;
                case Phase.Open o -> false;
                case Phase.HalfOpen h -> {
                    if (h.permitFree(now, settings)) {
                        next = h.withPermit(now);
                        yield true;
                    }
                    yield false;
                }
            };
            if (next == current || (requireLegal(current, advanced, next) && phase.compareAndSet(current, next))) {
                publish(current, advanced, next);
                return granted;
            }
        }
    }

    /** Would {@link #tryAcquirePermission} grant a call now? Changes nothing. */
    boolean wouldPermit(Instant now) {
        return switch (phase.get().advance(now, settings)) {
            case Phase.Closed c -> true;
            case Phase.Open o -> false;
            case Phase.HalfOpen h -> h.permitFree(now, settings);
        };
    }

    BreakerView view(Instant now) {
        return swap(now, UnaryOperator.identity()).view(offer, now);
    }

    private Phase swap(Instant now, UnaryOperator<Phase> step) {
        while (true) {
            Phase current = phase.get();
            Phase advanced = current.advance(now, settings);
            Phase next = step.apply(advanced);
            if (next == current) {
                return current;
            }
            if (requireLegal(current, advanced, next) && phase.compareAndSet(current, next)) {
                publish(current, advanced, next);
                return next;
            }
        }
    }

    /** Checked before the swap, so an illegal move never lands: the transition table is the law. */
    private static boolean requireLegal(Phase current, Phase advanced, Phase next) {
        requireLegal(current.state(), advanced.state());
        requireLegal(advanced.state(), next.state());
        return true;
    }

    private static void requireLegal(BreakerState from, BreakerState to) {
        if (from != to && !from.canBecome(to)) {
            throw new IllegalStateException("illegal breaker transition " + from.wireName() + " -> " + to.wireName());
        }
    }

    private void publish(Phase current, Phase advanced, Phase next) {
        if (current.state() != advanced.state()) {
            events.accept(new BreakerTransition(offer, current.state(), advanced.state(), advanced.since(), advanced.reason()));
        }
        if (advanced.state() != next.state()) {
            events.accept(new BreakerTransition(offer, advanced.state(), next.state(), next.since(), next.reason()));
        }
    }
}
