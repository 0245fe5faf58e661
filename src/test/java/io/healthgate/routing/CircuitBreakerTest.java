package io.healthgate.routing;

import io.healthgate.catalog.OfferId;
import io.healthgate.health.Outcome;
import io.healthgate.health.OutcomeClass;
import io.healthgate.support.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.healthgate.health.OutcomeClass.*;
import static io.healthgate.routing.BreakerState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Breaker behaviour as timelines on a fake clock. */
class CircuitBreakerTest {
    private static final OfferId OFFER = new OfferId("groq", "meta-llama/llama-3.3-70b-instruct");

    private final FakeClock clock = new FakeClock();
    private final BreakerRegistry breakers = new BreakerRegistry(BreakerSettings.DEFAULTS, clock);
    private final List<BreakerTransition> events = new ArrayList<>();

    {
        breakers.subscribe(events::add);
    }

    private void report(OutcomeClass cls, int times) {
        for (int i = 0; i < times; i++) {
            breakers.record(OFFER, cls);
        }
    }

    private BreakerState state() {
        return breakers.state(OFFER, clock.instant());
    }

    private void openIt() {
        report(SERVER_ERROR, 5);
        assertThat(state()).isEqualTo(OPEN);
    }

    @Test
    void anOfferNeverHeardOfIsClosedAndPermitsCalls() {
        assertThat(state()).isEqualTo(CLOSED);
        assertThat(breakers.tryAcquirePermission(OFFER, clock.instant())).isTrue();
        assertThat(breakers.views(clock.instant())).isEmpty();
    }

    @Test
    void fourConsecutiveFailuresKeepItClosedAndTheFifthOpensIt() {
        report(SERVER_ERROR, 4);
        assertThat(state()).isEqualTo(CLOSED);
        assertThat(breakers.view(OFFER, clock.instant()).consecutiveFailures()).isEqualTo(4);

        breakers.record(OFFER, TIMEOUT);

        BreakerView view = breakers.view(OFFER, clock.instant());
        assertThat(view.state()).isEqualTo(OPEN);
        assertThat(view.since()).isEqualTo(clock.instant());
        assertThat(view.reason()).contains("5 consecutive failures").contains("timeout");
        assertThat(view.consecutiveFailures()).isEqualTo(5);
        assertThat(view.openUntil()).contains(clock.instant().plusSeconds(30));
        assertThat(breakers.tryAcquirePermission(OFFER, clock.instant())).isFalse();
    }

    @Test
    void aSuccessResetsTheConsecutiveCount() {
        report(CONNECTION_ERROR, 4);
        report(SUCCESS, 1);
        report(CONNECTION_ERROR, 4);
        assertThat(state()).isEqualTo(CLOSED);
        assertThat(breakers.view(OFFER, clock.instant()).consecutiveFailures()).isEqualTo(4);
    }

    @Test
    void halfTheCallsFailingOverTenCallsOpensIt() {
        for (int i = 0; i < 4; i++) {
            report(SERVER_ERROR, 1);
            report(SUCCESS, 1);
            clock.advanceSeconds(5);
        }
        assertThat(state()).isEqualTo(CLOSED); // 8 calls, 50%: too few calls to judge
        report(SUCCESS, 1);
        report(BAD_RESPONSE, 1); // the 10th call: 5 of 10 failed

        BreakerView view = breakers.view(OFFER, clock.instant());
        assertThat(view.state()).isEqualTo(OPEN);
        assertThat(view.reason()).contains("failure rate 50% over 10 calls in 60s");
        assertThat(view.failureRate()).isEqualTo(0.5);
    }

    @Test
    void theRateRuleNeedsTheMinimumNumberOfCalls() {
        report(SERVER_ERROR, 4);
        report(SUCCESS, 1);
        report(SERVER_ERROR, 4); // 8 of 9 failed, never 5 in a row
        assertThat(state()).isEqualTo(CLOSED);
        assertThat(breakers.view(OFFER, clock.instant()).failureRate()).isCloseTo(8.0 / 9, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void failuresOlderThanTheWindowDoNotCountTowardsTheRate() {
        report(SERVER_ERROR, 4);
        report(SUCCESS, 1);
        report(SERVER_ERROR, 4);
        clock.advanceSeconds(90);
        report(SUCCESS, 1);
        report(SERVER_ERROR, 1); // 10 calls in total, but only 2 in the last 60 s
        assertThat(state()).isEqualTo(CLOSED);
        assertThat(breakers.view(OFFER, clock.instant()).failureRate()).isEqualTo(0.5);
    }

    @Test
    void rateLimitedNeverOpensBreaker() {
        report(RATE_LIMITED, 100);
        assertThat(state()).isEqualTo(CLOSED);
        assertThat(breakers.view(OFFER, clock.instant()).consecutiveFailures()).isZero();
    }

    @Test
    void clientBadRequestNeverOpensBreaker() {
        report(BAD_REQUEST, 100);
        assertThat(state()).isEqualTo(CLOSED);
    }

    @Test
    void authErrorNeverOpensBreaker() {
        report(AUTH_ERROR, 100);
        assertThat(state()).isEqualTo(CLOSED);
    }

    @Test
    void noCreditsNotFoundAndCancelledNeverOpenTheBreakerNorBreakARunOfFailures() {
        report(SERVER_ERROR, 4);
        report(NO_CREDITS, 10);
        report(NOT_FOUND, 10);
        report(CANCELLED, 10);
        assertThat(state()).isEqualTo(CLOSED);
        assertThat(breakers.view(OFFER, clock.instant()).consecutiveFailures()).isEqualTo(4);
        report(SERVER_ERROR, 1);
        assertThat(state()).isEqualTo(OPEN);
    }

    @Test
    void afterThirtySecondsOpenItTurnsHalfOpenAndGivesExactlyOnePermit() {
        openIt();
        Instant opened = clock.instant();
        clock.advance(Duration.ofSeconds(29));
        assertThat(breakers.tryAcquirePermission(OFFER, clock.instant())).isFalse();
        assertThat(breakers.wouldPermit(OFFER, clock.instant())).isFalse();

        clock.advanceSeconds(1);
        assertThat(breakers.wouldPermit(OFFER, clock.instant())).isTrue();
        assertThat(breakers.tryAcquirePermission(OFFER, clock.instant())).isTrue();
        assertThat(breakers.tryAcquirePermission(OFFER, clock.instant())).isFalse();
        assertThat(breakers.wouldPermit(OFFER, clock.instant())).isFalse();

        BreakerView view = breakers.view(OFFER, clock.instant());
        assertThat(view.state()).isEqualTo(HALF_OPEN);
        assertThat(view.since()).isEqualTo(opened.plusSeconds(30));
    }

    @Test
    void halfOpenClosesAfterTwoTrialSuccesses() {
        openIt();
        clock.advanceSeconds(30);
        assertThat(breakers.tryAcquirePermission(OFFER, clock.instant())).isTrue();
        report(SUCCESS, 1);
        assertThat(state()).isEqualTo(HALF_OPEN);
        assertThat(breakers.tryAcquirePermission(OFFER, clock.instant())).as("the next trial").isTrue();
        clock.advanceSeconds(1);
        report(SUCCESS, 1);

        BreakerView view = breakers.view(OFFER, clock.instant());
        assertThat(view.state()).isEqualTo(CLOSED);
        assertThat(view.since()).isEqualTo(clock.instant());
        assertThat(view.reason()).contains("2 trial successes");
        assertThat(view.consecutiveFailures()).isZero();
    }

    @Test
    void aProbeSuccessCountsAsATrialWithoutAPermit() {
        openIt();
        clock.advanceSeconds(31);
        breakers.onOutcome(Outcome.success(OFFER, Outcome.Source.PROBE, Duration.ofMillis(300), clock.instant()));
        breakers.onOutcome(Outcome.success(OFFER, Outcome.Source.PROBE, Duration.ofMillis(300), clock.instant()));
        assertThat(state()).isEqualTo(CLOSED);
    }

    @Test
    void aFailedTrialReopensWithALongerWaitCappedAtFortySeconds() {
        openIt();
        Duration expected = Duration.ofSeconds(30);
        for (int round = 0; round < 6; round++) {
            clock.advance(expected);
            assertThat(breakers.tryAcquirePermission(OFFER, clock.instant())).isTrue();
            report(SERVER_ERROR, 1);
            expected = expected.multipliedBy(2).compareTo(Duration.ofSeconds(40)) > 0 ? Duration.ofSeconds(40) : expected.multipliedBy(2);
            BreakerView view = breakers.view(OFFER, clock.instant());
            assertThat(view.state()).isEqualTo(OPEN);
            assertThat(view.openUntil()).contains(clock.instant().plus(expected));
            assertThat(view.reason()).contains("trial failed (server_error)");
        }
        assertThat(expected).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void theWaitStartsOverAfterTheBreakerCloses() {
        openIt();
        clock.advanceSeconds(30);
        report(TIMEOUT, 1); // reopened for 60 s
        clock.advanceSeconds(60);
        report(SUCCESS, 2);
        assertThat(state()).isEqualTo(CLOSED);
        openIt();
        assertThat(breakers.view(OFFER, clock.instant()).openUntil()).contains(clock.instant().plusSeconds(30));
    }

    @Test
    void anIgnoredOutcomeDuringTheTrialFreesThePermit() {
        openIt();
        clock.advanceSeconds(30);
        assertThat(breakers.tryAcquirePermission(OFFER, clock.instant())).isTrue();
        report(RATE_LIMITED, 1);
        assertThat(state()).isEqualTo(HALF_OPEN);
        assertThat(breakers.tryAcquirePermission(OFFER, clock.instant())).isTrue();
    }

    @Test
    void aTrialPermitThatNeverReturnsIsHandedOutAgainAfterTheTrialTimeout() {
        openIt();
        clock.advanceSeconds(30);
        assertThat(breakers.tryAcquirePermission(OFFER, clock.instant())).isTrue();
        clock.advanceSeconds(119);
        assertThat(breakers.tryAcquirePermission(OFFER, clock.instant())).isFalse();
        clock.advanceSeconds(1);
        assertThat(breakers.tryAcquirePermission(OFFER, clock.instant())).isTrue();
    }

    @Test
    void lateAnswersWhileOpenAreIgnored() {
        openIt();
        report(SUCCESS, 5);
        report(SERVER_ERROR, 5);
        assertThat(breakers.view(OFFER, clock.instant()).openUntil()).contains(clock.instant().plusSeconds(30));
    }

    @Test
    void everyTransitionIsPublishedOnceInOrderWithTimeAndReason() {
        Instant t0 = clock.instant();
        openIt();
        clock.advanceSeconds(45);
        breakers.tryAcquirePermission(OFFER, clock.instant());
        report(SERVER_ERROR, 1);
        clock.advanceSeconds(60);
        report(SUCCESS, 2);

        assertThat(events).extracting(BreakerTransition::from, BreakerTransition::to, BreakerTransition::at).containsExactly(
                org.assertj.core.groups.Tuple.tuple(CLOSED, OPEN, t0),
                org.assertj.core.groups.Tuple.tuple(OPEN, HALF_OPEN, t0.plusSeconds(30)),
                org.assertj.core.groups.Tuple.tuple(HALF_OPEN, OPEN, t0.plusSeconds(45)),
                org.assertj.core.groups.Tuple.tuple(OPEN, HALF_OPEN, t0.plusSeconds(85)), // reopened for 40 s (the cap)
                org.assertj.core.groups.Tuple.tuple(HALF_OPEN, CLOSED, t0.plusSeconds(105)));
        assertThat(events).allSatisfy(e -> {
            assertThat(e.offer()).isEqualTo(OFFER);
            assertThat(e.reason()).isNotBlank();
        });
    }

    @Test
    void aFailingSubscriberDisturbsNeitherTheBreakerNorOtherSubscribers() throws Exception {
        AutoCloseable bad = breakers.subscribe(t -> {
            throw new IllegalStateException("boom");
        });
        openIt();
        assertThat(events).hasSize(1);
        bad.close();
        AutoCloseable mine = breakers.subscribe(t -> events.add(t));
        mine.close();
        clock.advanceSeconds(30);
        state();
        assertThat(events).hasSize(2);
    }

    @Test
    void theTransitionTableAllowsOnlyTheDocumentedMoves() {
        assertThat(CLOSED.canBecome(OPEN)).isTrue();
        assertThat(CLOSED.canBecome(HALF_OPEN)).isFalse();
        assertThat(OPEN.canBecome(HALF_OPEN)).isTrue();
        assertThat(OPEN.canBecome(CLOSED)).isFalse();
        assertThat(HALF_OPEN.canBecome(CLOSED)).isTrue();
        assertThat(HALF_OPEN.canBecome(OPEN)).isTrue();
        assertThatThrownBy(() -> new BreakerTransition(OFFER, OPEN, CLOSED, clock.instant(), "x"))
                .hasMessageContaining("open to closed");
    }

    @Test
    void concurrentCallersGetExactlyOneTrialPermitAndOneEventPerTransition() throws Exception {
        openIt();
        clock.advanceSeconds(30);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger granted = new AtomicInteger();
        List<BreakerTransition> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        breakers.subscribe(seen::add);
        try {
            for (int i = 0; i < threads; i++) {
                pool.submit(() -> {
                    start.await();
                    for (int k = 0; k < 1000; k++) {
                        if (breakers.tryAcquirePermission(OFFER, clock.instant())) {
                            granted.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            start.countDown();
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(granted).hasValue(1);
        assertThat(seen).extracting(BreakerTransition::to).containsExactly(HALF_OPEN);
    }

    @Test
    void concurrentFailuresOpenTheBreakerOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                fs.add(pool.submit(() -> report(SERVER_ERROR, 500)));
            }
            for (var f : fs) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(events).extracting(BreakerTransition::to).containsExactly(OPEN);
    }

    @Test
    void aPeersOpenBreakerStaysOpenHereUntilThePeersTimeAndIsMarkedFromPeer() {
        Instant until = clock.instant().plusSeconds(20);
        breakers.applyPeer(OFFER, OPEN, until, "fleet: 5 consecutive failures (instance a)");

        assertThat(state()).isEqualTo(OPEN);
        assertThat(breakers.view(OFFER, clock.instant()).openUntil()).contains(until);
        assertThat(events).singleElement().satisfies(t -> {
            assertThat(t.to()).isEqualTo(OPEN);
            assertThat(t.fromPeer()).isTrue();
        });
        clock.advance(Duration.ofSeconds(20));
        assertThat(state()).isEqualTo(HALF_OPEN);
    }

    @Test
    void aPeersOpenThatHasAlreadyEndedOrIsShorterThanOursChangesNothing() {
        openIt();
        Instant ours = breakers.view(OFFER, clock.instant()).openUntil().orElseThrow();
        events.clear();

        breakers.applyPeer(OFFER, OPEN, clock.instant().minusSeconds(1), "stale");
        breakers.applyPeer(OFFER, OPEN, ours.minusSeconds(5), "shorter");

        assertThat(breakers.view(OFFER, clock.instant()).openUntil()).contains(ours);
        assertThat(events).isEmpty();
    }

    @Test
    void aPeersCloseMovesAnOpenBreakerThroughHalfOpenSoEveryStepIsLegal() {
        openIt();
        events.clear();

        breakers.applyPeer(OFFER, CLOSED, null, "fleet: 2 trial successes in a row (instance b)");

        assertThat(state()).isEqualTo(CLOSED);
        assertThat(events).extracting(BreakerTransition::from, BreakerTransition::to)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(OPEN, HALF_OPEN), org.assertj.core.groups.Tuple.tuple(HALF_OPEN, CLOSED));
        assertThat(events).allSatisfy(t -> assertThat(t.fromPeer()).isTrue());
    }
}
