package io.healthgate.routing;

import io.healthgate.catalog.OfferId;
import io.healthgate.health.OutcomeClass;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

    /**
     * Applies another instance's breaker move, so a circuit opened by one instance's traffic
     * protects all. Open: stays open at least until {@code until} (a longer local wait is kept);
     * an {@code until} already past says nothing new. Closed: the fleet's trial succeeded; an
     * open breaker passes through half-open, so every move stays legal. Half-open is never
     * applied: each instance reaches it by its own clock.
     */
    void applyPeer(BreakerState to, Instant until, String reason, Instant now) {
        while (true) {
            Phase current = phase.get();
            Phase advanced = current.advance(now, settings);
            Phase next = switch (to) {
                case OPEN -> {
                    if (until == null || !until.isAfter(now)
                            || (advanced instanceof Phase.Open o && !o.until().isBefore(until))) {
                        yield advanced;
                    }
                    yield Phase.Open.opening(now, Duration.between(now, until), reason, 0, 1.0);
                }
                case CLOSED -> advanced instanceof Phase.Closed ? advanced : Phase.initial(now, settings).withReason(reason);
                case HALF_OPEN -> advanced;
            };
            if (next == current) {
                return;
            }
            Phase via = advanced instanceof Phase.Open && next.state() == BreakerState.CLOSED
                    ? new Phase.HalfOpen(now, reason, Duration.ZERO, 0, java.util.Optional.empty()) : advanced;
            if (phase.compareAndSet(current, next)) {
                List<Phase> path = via == advanced ? List.of(current, advanced, next) : List.of(current, advanced, via, next);
                for (int i = 1; i < path.size(); i++) {
                    Phase from = path.get(i - 1);
                    Phase step = path.get(i);
                    if (from.state() != step.state()) {
                        requireLegal(from.state(), step.state());
                        events.accept(new BreakerTransition(offer, from.state(), step.state(), step.since(), step.reason(), true));
                    }
                }
                return;
            }
        }
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
