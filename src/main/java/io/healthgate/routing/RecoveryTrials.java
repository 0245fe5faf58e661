package io.healthgate.routing;

import io.healthgate.catalog.OfferId;
import io.healthgate.health.Outcome;
import io.healthgate.health.OutcomeClass;
import io.healthgate.health.OutcomeListener;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live recovery trials: an offer demoted by its own failures ranks behind its alternatives, so
 * without trials live traffic would never touch it again and, with probes off, its recovery would
 * never be seen. Rules:
 * <ul>
 *   <li>A demoted offer may be tried first by one request per backoff window: the window starts
 *       at {@code initialBackoff} after its last failure and doubles with each failed trial, up to
 *       {@code maxBackoff}. A trial that fails fails over as usual.</li>
 *   <li>After a trial succeeds the next request may try it again at once, so the successes in a
 *       row that restore its status come within seconds.</li>
 * </ul>
 * Subscribe it to the outcome bus (it learns how its trials went from live outcomes). Lock-free
 * per offer; the hot path does one map lookup and at most one compare-and-set.
 */
public final class RecoveryTrials implements OutcomeListener {
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(10);
    /** Short enough that a recovered primary gets traffic back within a minute of recovering. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(40);

    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final ConcurrentHashMap<OfferId, Trial> trials = new ConcurrentHashMap<>();

    /** @param nextAt no trial before this; @param failedTrials trials in a row that failed; @param pending a trial is out */
    private record Trial(Instant nextAt, int failedTrials, boolean pending) {
    }

    /**
     * The trial windows: {@code routing.recovery_trial_initial_seconds} after the last failure,
     * doubling per failed trial up to {@code routing.recovery_trial_max_seconds}.
     */
    public record Backoff(Duration initial, Duration max) {
        public static final Backoff DEFAULTS = new Backoff(DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF);

        public Backoff {
            Objects.requireNonNull(initial, "initial");
            Objects.requireNonNull(max, "max");
            if (initial.isNegative() || initial.isZero()) {
                throw new IllegalArgumentException("routing.recovery_trial_initial_seconds must be positive, got " + initial.toSeconds());
            }
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("routing.recovery_trial_max_seconds must be >= routing.recovery_trial_initial_seconds ("
                        + initial.toSeconds() + "), got " + max.toSeconds());
            }
        }
    }

    public RecoveryTrials(Duration initialBackoff, Duration maxBackoff) {
        this(new Backoff(initialBackoff, maxBackoff));
    }

    public RecoveryTrials(Backoff backoff) {
        this.initialBackoff = backoff.initial();
        this.maxBackoff = backoff.max();
    }

    public static RecoveryTrials defaults() {
        return new RecoveryTrials(Backoff.DEFAULTS);
    }

    /**
     * Takes the trial of a demoted offer when one is due: true for exactly one caller per window.
     *
     * @param lastFailure the offer's newest counting failure
     */
    public boolean tryStart(OfferId offer, Instant lastFailure, Instant now) {
        Trial t = trials.get(offer);
        Instant earliest = t == null ? lastFailure.plus(initialBackoff) : t.nextAt();
        if (now.isBefore(earliest)) {
            return false;
        }
        int failed = t == null ? 0 : t.failedTrials();
        Trial next = new Trial(now.plus(backoff(failed)), failed, true);
        return t == null ? trials.putIfAbsent(offer, next) == null : trials.replace(offer, t, next);
    }

    @Override
    public void onOutcome(Outcome o) {
        if (o.source() != Outcome.Source.LIVE || !o.outcomeClass().isCountingSample()) {
            return;
        }
        Instant now = o.at();
        trials.computeIfPresent(o.offer(), (id, t) -> {
            if (o.outcomeClass() == OutcomeClass.SUCCESS) {
                return t.pending() ? new Trial(now, 0, false) : null;
            }
            int failed = t.pending() ? t.failedTrials() + 1 : t.failedTrials();
            return new Trial(now.plus(backoff(failed)), failed, false);
        });
    }

    /** {@code initialBackoff * 2^failed}, capped at {@code maxBackoff}. */
    Duration backoff(int failed) {
        Duration d = initialBackoff;
        for (int i = 0; i < failed && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

}
