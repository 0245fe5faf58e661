package io.healthgate.sla;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.OfferId;
import io.healthgate.health.Outcome;
import io.healthgate.health.OutcomeClass;
import io.healthgate.support.FakeClock;
import io.healthgate.support.InMemoryOutcomeHistory;
import io.healthgate.support.TestCatalogs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The history is written behind, per ended minute, in batches; a failing store loses nothing it can keep. */
class HistoryRecorderTest {
    static final Instant T0 = Instant.parse("2026-02-01T10:00:00Z");
    static final OfferId OFFER = new OfferId("groq", "acme/alpha");

    private final FakeClock clock = new FakeClock(T0);
    private final InMemoryOutcomeHistory history = new InMemoryOutcomeHistory();
    private final Catalog catalog = TestCatalogs.builder().gateway("groq").model("acme/alpha", "groq").build();
    private final HistoryRecorder recorder = new HistoryRecorder(history, () -> catalog, clock, Duration.ofDays(30));

    private void live(OutcomeClass c, Instant at) {
        recorder.onOutcome(c == OutcomeClass.SUCCESS ? Outcome.success(OFFER, Outcome.Source.LIVE, Duration.ofMillis(300), at)
                : Outcome.failure(OFFER, c, Outcome.Source.LIVE, 500, "x", at));
    }

    @Test
    void outcomesOfOneMinuteBecomeOneRowWrittenOnlyOnceTheMinuteHasEnded() {
        for (int s = 0; s < 60; s += 6) {
            live(OutcomeClass.SUCCESS, T0.plusSeconds(s));
        }
        live(OutcomeClass.SERVER_ERROR, T0.plusSeconds(42));
        clock.advanceSeconds(59);
        recorder.flush();
        assertThat(history.rows()).isEmpty();

        clock.advanceSeconds(1);
        recorder.flush();

        assertThat(history.appends()).isEqualTo(1);
        assertThat(history.rows()).singleElement().satisfies(b -> {
            assertThat(b.minute()).isEqualTo(T0);
            assertThat(b.count(OutcomeClass.SUCCESS)).isEqualTo(10);
            assertThat(b.count(OutcomeClass.SERVER_ERROR)).isEqualTo(1);
            assertThat(b.firstFailure()).contains(T0.plusSeconds(42));
            assertThat(b.ttfbSumMs()).isEqualTo(3_000);
            assertThat(b.provider()).isEqualTo("acme");
        });
    }

    @Test
    void aFailingStoreKeepsTheRowsAndTheNextFlushWritesThemMergedWithNewerOutcomes() {
        live(OutcomeClass.SUCCESS, T0.plusSeconds(1));
        clock.advanceSeconds(61);
        history.failing(true);
        assertThat(recorder.flush()).isFalse();
        assertThat(recorder.pendingBuckets()).isEqualTo(1);

        live(OutcomeClass.TIMEOUT, T0.plusSeconds(59)); // a late outcome for the same minute
        history.failing(false);
        assertThat(recorder.flush()).isTrue();

        assertThat(history.rows()).singleElement().satisfies(b -> {
            assertThat(b.count(OutcomeClass.SUCCESS)).isEqualTo(1);
            assertThat(b.count(OutcomeClass.TIMEOUT)).isEqualTo(1);
        });
        assertThat(recorder.pendingBuckets()).isZero();
        assertThat(recorder.lostBuckets()).isZero();
    }

    @Test
    void closingWritesTheMinuteInProgress() {
        live(OutcomeClass.SUCCESS, T0.plusSeconds(10));
        clock.advanceSeconds(20);

        recorder.close();

        assertThat(history.rows()).hasSize(1);
    }

    @Test
    void retentionPruningRunsAtMostHourly() {
        history.append(java.util.List.of(io.healthgate.support.Buckets.at(T0.minus(Duration.ofDays(31)), OFFER).successes(1, 10).build()));
        recorder.prune();
        assertThat(history.rows()).isEmpty();

        history.append(java.util.List.of(io.healthgate.support.Buckets.at(T0.minus(Duration.ofDays(31)), OFFER).successes(1, 10).build()));
        clock.advance(Duration.ofMinutes(59));
        recorder.prune();
        assertThat(history.rows()).as("the next prune is an hour after the last").hasSize(1);
        clock.advance(Duration.ofMinutes(1));
        recorder.prune();
        assertThat(history.rows()).isEmpty();
    }
}
