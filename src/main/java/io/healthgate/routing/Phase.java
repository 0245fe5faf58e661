package io.healthgate.routing;

import io.healthgate.health.OutcomeClass;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * One breaker's state as an immutable value, one record per state. Each method returns the next
 * value (or {@code this} when nothing changes), so the breaker can swap it atomically.
 */
sealed interface Phase {

    BreakerState state();

    Instant since();

    String reason();

    /** Time passing on its own: an open breaker whose wait is over becomes half-open. */
    default Phase advance(Instant now, BreakerSettings s) {
        return this;
    }

    /** A counting outcome (success or a failure that counts against the offer). */
    Phase onCounting(OutcomeClass cls, Instant now, BreakerSettings s);

    /** An outcome the breaker ignores; only a half-open breaker cares (its trial was inconclusive). */
    default Phase onIgnored() {
        return this;
    }

    BreakerView view(io.healthgate.catalog.OfferId offer, Instant now);

    static Closed initial(Instant now, BreakerSettings s) {
        return new Closed(now, "no failures yet", 0, FailureWindow.empty(s.window()));
    }

    /** Calls flow; counting failures are counted in a row and over the rolling window. */
    record Closed(Instant since, String reason, int consecutiveFailures, FailureWindow window) implements Phase {
        @Override
        public BreakerState state() {
            return BreakerState.CLOSED;
        }

        Closed withReason(String why) {
            return new Closed(since, why, consecutiveFailures, window);
        }

        @Override
        public Phase onCounting(OutcomeClass cls, Instant now, BreakerSettings s) {
            boolean failed = cls.countsAgainstOffer();
            FailureWindow w = window.record(now, failed);
            int inRow = failed ? consecutiveFailures + 1 : 0;
            if (!failed) {
                return new Closed(since, reason, 0, w);
            }
            FailureWindow.Totals t = w.totals(now);
            if (inRow >= s.consecutiveFailures()) {
                return Open.opening(now, s.openWait(),
                        inRow + " consecutive failures (last: " + cls.wireName() + ")", inRow, t.rate());
            }
            if (t.calls() >= s.minimumCalls() && t.rate() >= s.failureRateThreshold()) {
                return Open.opening(now, s.openWait(),
                        String.format(Locale.ROOT, "failure rate %.0f%% over %d calls in %s (last: %s)",
                                t.rate() * 100, t.calls(), Durations.human(s.window()), cls.wireName()),
                        inRow, t.rate());
            }
            return new Closed(since, reason, inRow, w);
        }

        @Override
        public BreakerView view(io.healthgate.catalog.OfferId offer, Instant now) {
            return new BreakerView(offer, state(), since, reason, consecutiveFailures, window.totals(now).rate(), Optional.empty());
        }
    }

    /** No calls until {@code until}; the figures are those at the moment it opened. */
    record Open(Instant since, String reason, Instant until, Duration openFor, int consecutiveFailures, double failureRate)
            implements Phase {

        static Open opening(Instant now, Duration wait, String why, int inRow, double rate) {
            return new Open(now, why + "; open for " + Durations.human(wait), now.plus(wait), wait, inRow, rate);
        }

        @Override
        public BreakerState state() {
            return BreakerState.OPEN;
        }

        @Override
        public Phase advance(Instant now, BreakerSettings s) {
            if (now.isBefore(until)) {
                return this;
            }
            return new HalfOpen(until, "open wait of " + Durations.human(openFor) + " passed; one trial at a time", openFor, 0, Optional.empty());
        }

        /** Late answers to calls started before it opened say nothing new: ignored. */
        @Override
        public Phase onCounting(OutcomeClass cls, Instant now, BreakerSettings s) {
            return this;
        }

        @Override
        public BreakerView view(io.healthgate.catalog.OfferId offer, Instant now) {
            return new BreakerView(offer, state(), since, reason, consecutiveFailures, failureRate, Optional.of(until));
        }
    }

    /**
     * One trial at a time. Any counting outcome is a trial result, whether it came from the live
     * request holding the permit or from a probe, so probes can close a breaker too.
     */
    record HalfOpen(Instant since, String reason, Duration lastWait, int successes, Optional<Instant> permitTakenAt)
            implements Phase {

        @Override
        public BreakerState state() {
            return BreakerState.HALF_OPEN;
        }

        boolean permitFree(Instant now, BreakerSettings s) {
            return permitTakenAt.map(t -> !now.isBefore(t.plus(s.trialTimeout()))).orElse(true);
        }

        HalfOpen withPermit(Instant now) {
            return new HalfOpen(since, reason, lastWait, successes, Optional.of(now));
        }

        @Override
        public Phase onCounting(OutcomeClass cls, Instant now, BreakerSettings s) {
            if (cls.countsAgainstOffer()) {
                Duration wait = s.nextWait(lastWait);
                return Open.opening(now, wait, "trial failed (" + cls.wireName() + ")", 1, 1.0);
            }
            int ok = successes + 1;
            if (ok >= s.successesToClose()) {
                return new Closed(now, ok + " trial successes in a row", 0, FailureWindow.empty(s.window()));
            }
            return new HalfOpen(since, reason, lastWait, ok, Optional.empty());
        }

        @Override
        public Phase onIgnored() {
            return permitTakenAt.isPresent() ? new HalfOpen(since, reason, lastWait, successes, Optional.empty()) : this;
        }

        @Override
        public BreakerView view(io.healthgate.catalog.OfferId offer, Instant now) {
            return new BreakerView(offer, state(), since, reason + " (" + successes + " trial success(es) so far)", 0, 0.0, Optional.empty());
        }
    }
}
