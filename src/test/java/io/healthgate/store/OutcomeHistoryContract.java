package io.healthgate.store;

import io.healthgate.catalog.OfferId;
import io.healthgate.health.Outcome;
import io.healthgate.health.OutcomeClass;
import io.healthgate.sla.DetectionSource;
import io.healthgate.sla.HistoryRecorder;
import io.healthgate.sla.OutcomeBucket;
import io.healthgate.support.Buckets;
import io.healthgate.support.FakeClock;
import io.healthgate.support.TestCatalogs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The outcome history on a real database (SQLite and PostgreSQL subclasses): rows, order, filters, retention. */
abstract class OutcomeHistoryContract {
    static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");
    static final OfferId GROQ = new OfferId("groq", "meta-llama/llama-3.3-70b-instruct");
    static final OfferId TOGETHER = new OfferId("together", "meta-llama/llama-3.3-70b-instruct");

    Database database;
    JdbcOutcomeHistory history;

    abstract String freshDatabaseUrl();

    abstract void dropDatabase();

    @BeforeEach
    void open() {
        database = Database.open(freshDatabaseUrl());
        history = new JdbcOutcomeHistory(database);
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
        dropDatabase();
    }

    private List<OutcomeBucket> scan(Instant from, Instant to, Optional<String> gateway) {
        List<OutcomeBucket> out = new ArrayList<>();
        history.scan(from, to, gateway, out::add);
        return out;
    }

    @Test
    void appendedBucketsComeBackIntactInMinuteOrderWithinTheHalfOpenRange() {
        OutcomeBucket late = Buckets.at(T0.plusSeconds(120), GROQ).successes(5, 180).calls(OutcomeClass.TIMEOUT, 2, 17).build();
        OutcomeBucket early = Buckets.at(T0, TOGETHER).source(DetectionSource.PROBE).successes(1, 900).build();
        OutcomeBucket first = Buckets.at(T0, GROQ).calls(OutcomeClass.RATE_LIMITED, 3).calls(OutcomeClass.CANCELLED, 1).build();
        OutcomeBucket outside = Buckets.at(T0.plusSeconds(180), GROQ).successes(1, 100).build();
        history.append(List.of(late, early, first, outside));

        List<OutcomeBucket> rows = scan(T0, T0.plusSeconds(180), Optional.empty());

        assertThat(rows).containsExactly(first, early, late);
        assertThat(rows.get(2).firstFailure()).contains(T0.plusSeconds(137));
        assertThat(rows.get(2).ttfbSumMs()).isEqualTo(900);
        assertThat(rows.get(0).firstFailure()).as("rate limits and cancellations are no failures").isEmpty();
    }

    @Test
    void aGatewayFilterReadsOnlyThatGatewayAndRepeatedMinutesAreAllKept() {
        OutcomeBucket a = Buckets.at(T0, GROQ).successes(2, 100).build();
        OutcomeBucket b = Buckets.at(T0, GROQ).calls(OutcomeClass.SERVER_ERROR, 1).build(); // a second row of the same minute
        history.append(List.of(a, Buckets.at(T0, TOGETHER).successes(7, 100).build()));
        history.append(List.of(b));

        assertThat(scan(T0, T0.plusSeconds(60), Optional.of("groq"))).containsExactlyInAnyOrder(a, b);
    }

    @Test
    void pruningRemovesOnlyMinutesBeforeTheCutoff() {
        history.append(List.of(Buckets.at(T0, GROQ).successes(1, 100).build(),
                Buckets.at(T0.plusSeconds(60), GROQ).successes(1, 100).build(),
                Buckets.at(T0.plus(Duration.ofDays(2)), GROQ).successes(1, 100).build()));

        assertThat(history.pruneBefore(T0.plusSeconds(60))).isEqualTo(1);

        assertThat(scan(T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(3)), Optional.empty()))
                .extracting(OutcomeBucket::minute).containsExactly(T0.plusSeconds(60), T0.plus(Duration.ofDays(2)));
    }

    @Test
    void theRecorderWritesEndedMinutesToTheDatabaseAndPrunesPastTheRetention() {
        FakeClock clock = new FakeClock(T0);
        var catalog = TestCatalogs.builder().gateway("groq").model(GROQ.model(), "groq").build();
        HistoryRecorder recorder = new HistoryRecorder(history, () -> catalog, clock, Duration.ofDays(7));
        recorder.onOutcome(Outcome.success(GROQ, Outcome.Source.LIVE, Duration.ofMillis(250), T0.plusSeconds(5)));
        recorder.onOutcome(Outcome.failure(GROQ, OutcomeClass.CONNECTION_ERROR, Outcome.Source.PROBE, 0, "reset", T0.plusSeconds(9)));
        clock.advanceSeconds(30);
        assertThat(recorder.flush()).isTrue();
        assertThat(scan(T0, T0.plus(Duration.ofDays(1)), Optional.empty())).as("the minute has not ended").isEmpty();

        clock.advanceSeconds(31);
        assertThat(recorder.flush()).isTrue();
        List<OutcomeBucket> rows = scan(T0, T0.plus(Duration.ofDays(1)), Optional.empty());
        assertThat(rows).extracting(OutcomeBucket::source).containsExactly(DetectionSource.PROBE, DetectionSource.TRAFFIC);
        assertThat(rows.get(0).count(OutcomeClass.CONNECTION_ERROR)).isEqualTo(1);
        assertThat(rows.get(1).count(OutcomeClass.SUCCESS)).isEqualTo(1);
        assertThat(rows).allSatisfy(r -> assertThat(r.provider()).isEqualTo("meta-llama"));

        clock.advance(Duration.ofDays(8));
        recorder.prune();
        assertThat(scan(T0, T0.plus(Duration.ofDays(9)), Optional.empty())).as("older than the 7-day retention").isEmpty();
    }
}
