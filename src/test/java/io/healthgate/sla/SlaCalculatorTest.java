package io.healthgate.sla;

import io.healthgate.catalog.OfferId;
import io.healthgate.health.OutcomeClass;
import io.healthgate.support.Buckets;
import io.healthgate.support.InMemoryOutcomeHistory;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each statistic of an SLA report, from a small scripted history on a fixed "now". */
class SlaCalculatorTest {
    static final Instant NOW = Instant.parse("2026-02-08T00:00:30Z");
    static final OfferId GROQ_LLAMA = new OfferId("groq", "meta-llama/llama-3.3-70b-instruct");
    static final OfferId GROQ_QWEN = new OfferId("groq", "qwen/qwen3-32b");
    static final OfferId TOGETHER_LLAMA = new OfferId("together", "meta-llama/llama-3.3-70b-instruct");

    private final InMemoryOutcomeHistory history = new InMemoryOutcomeHistory();
    private final SlaCalculator calculator = new SlaCalculator(history, SlaSettings.defaults().withTargets(99.5, Map.of("together", 99.0)));

    private SlaReport report(String window) {
        return calculator.report(SlaQuery.of(SlaWindow.parse(window, null, null, NOW, Duration.ofDays(30))), NOW);
    }

    @Test
    void availabilityCountsOnlyCountingClassesAndShowsTheOthersBeside() {
        Instant m = NOW.minus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        history.append(List.of(Buckets.at(m, GROQ_LLAMA).successes(995, 200).calls(OutcomeClass.SERVER_ERROR, 3)
                .calls(OutcomeClass.TIMEOUT, 2).calls(OutcomeClass.RATE_LIMITED, 400).calls(OutcomeClass.BAD_REQUEST, 7)
                .calls(OutcomeClass.CANCELLED, 11).calls(OutcomeClass.AUTH_ERROR, 5).calls(OutcomeClass.NO_CREDITS, 1)
                .calls(OutcomeClass.NOT_FOUND, 2).build()));

        SlaFigures f = report("24h").gateway("groq").orElseThrow().figures();

        assertThat(f.countedCalls()).isEqualTo(1000);
        assertThat(f.failures()).isEqualTo(5);
        assertThat(f.availability()).contains(99.5);
        assertThat(f.calls()).isEqualTo(1000 + 400 + 7 + 11 + 5 + 1 + 2);
        assertThat(f.excluded()).containsEntry(OutcomeClass.RATE_LIMITED, 400L).containsEntry(OutcomeClass.BAD_REQUEST, 7L)
                .containsEntry(OutcomeClass.CANCELLED, 11L).containsEntry(OutcomeClass.AUTH_ERROR, 5L)
                .containsEntry(OutcomeClass.NO_CREDITS, 1L).containsEntry(OutcomeClass.NOT_FOUND, 2L);
        assertThat(f.failuresByClass()).containsEntry(OutcomeClass.SERVER_ERROR, 3L).containsEntry(OutcomeClass.TIMEOUT, 2L);
    }

    @Test
    void onlyRateLimitedCallsLeaveAvailabilityUnknownNotZero() {
        Instant m = NOW.minus(Duration.ofMinutes(30)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        history.append(List.of(Buckets.at(m, GROQ_LLAMA).calls(OutcomeClass.RATE_LIMITED, 40).build()));

        SlaReport.GatewaySla g = report("1h").gateway("groq").orElseThrow();

        assertThat(g.figures().availability()).isEmpty();
        assertThat(g.budget().consumed()).isEmpty();
        assertThat(g.budget().met()).isEmpty();
    }

    @Test
    void latencyPercentilesComeFromSuccessfulCallsOnly() {
        Instant m = NOW.minus(Duration.ofMinutes(10)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        // 90 fast, 9 slow, 1 very slow: p50 fast, p95 slow, p99 very slow (bin upper bounds).
        history.append(List.of(Buckets.at(m, GROQ_LLAMA).successes(90, 100).successes(9, 2_000).successes(1, 20_000)
                .calls(OutcomeClass.TIMEOUT, 50).build()));

        SlaFigures f = report("1h").overall();

        assertThat(f.ttfbP50Ms()).hasValueSatisfying(v -> assertThat(v).isBetween(100L, 140L));
        assertThat(f.ttfbP95Ms()).hasValueSatisfying(v -> assertThat(v).isBetween(2_000L, 2_800L));
        assertThat(f.ttfbP99Ms()).hasValueSatisfying(v -> assertThat(v).isBetween(2_000L, 2_800L));
        assertThat(f.latencyP50Ms()).as("total is twice the ttfb in these buckets").hasValueSatisfying(v -> assertThat(v).isBetween(200L, 280L));
        assertThat(f.latencyP95Ms()).hasValueSatisfying(v -> assertThat(v).isBetween(4_000L, 5_600L));
        assertThat(f.latencyMeanMs()).contains(Math.round((90 * 200.0 + 9 * 4_000 + 1 * 40_000) / 100));
    }

    @Test
    void theErrorBudgetIsMeasuredAgainstEachGatewaysOwnTarget() {
        Instant m = NOW.minus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        history.append(List.of(
                Buckets.at(m, GROQ_LLAMA).successes(9_980, 200).calls(OutcomeClass.SERVER_ERROR, 20).build(),   // 99.8% vs 99.5%
                Buckets.at(m, TOGETHER_LLAMA).successes(980, 200).calls(OutcomeClass.TIMEOUT, 20).build()));    // 98% vs 99%

        SlaReport r = report("7d");
        ErrorBudget groq = r.gateway("groq").orElseThrow().budget();
        ErrorBudget together = r.gateway("together").orElseThrow().budget();

        assertThat(groq.target()).isEqualTo(99.5);
        assertThat(groq.allowedFailures()).isEqualTo(50.0);
        assertThat(groq.consumed()).contains(40.0);
        assertThat(groq.remaining()).contains(60.0);
        assertThat(groq.burnRate()).contains(0.4);
        assertThat(groq.met()).contains(true);
        assertThat(together.target()).isEqualTo(99.0);
        assertThat(together.consumed()).contains(200.0);
        assertThat(together.remaining()).contains(-100.0);
        assertThat(together.burnRate()).contains(2.0);
        assertThat(together.met()).contains(false);
    }

    @Test
    void eachDayOfTheWindowGetsAPointEmptyDaysIncluded() {
        Instant day1 = Instant.parse("2026-02-02T12:00:00Z");
        Instant day3 = Instant.parse("2026-02-04T12:00:00Z");
        history.append(List.of(Buckets.at(day1, GROQ_LLAMA).successes(99, 200).calls(OutcomeClass.SERVER_ERROR, 1).build(),
                Buckets.at(day3, GROQ_LLAMA).successes(50, 200).build()));

        List<SlaReport.Day> days = report("7d").gateway("groq").orElseThrow().daily();

        assertThat(days).extracting(SlaReport.Day::day).first().isEqualTo(LocalDate.parse("2026-02-01"));
        assertThat(days).extracting(SlaReport.Day::day).last().isEqualTo(LocalDate.parse("2026-02-08"));
        assertThat(days).filteredOn(d -> d.day().equals(LocalDate.parse("2026-02-02"))).singleElement()
                .satisfies(d -> assertThat(d.availability()).contains(99.0));
        assertThat(days).filteredOn(d -> d.day().equals(LocalDate.parse("2026-02-03"))).singleElement()
                .satisfies(d -> assertThat(d.availability()).isEmpty());
    }

    @Test
    void filtersNarrowTheReportToOneGatewayProviderOrModel() {
        Instant m = NOW.minus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        history.append(List.of(Buckets.at(m, GROQ_LLAMA).successes(10, 200).build(),
                Buckets.at(m, GROQ_QWEN).successes(20, 200).build(),
                Buckets.at(m, TOGETHER_LLAMA).successes(30, 200).build()));
        SlaWindow w = SlaWindow.parse("24h", null, null, NOW, Duration.ofDays(30));

        assertThat(calculator.report(new SlaQuery(w, Optional.of("groq"), Optional.empty(), Optional.empty()), NOW).overall().successes()).isEqualTo(30);
        assertThat(calculator.report(new SlaQuery(w, Optional.empty(), Optional.of("qwen"), Optional.empty()), NOW).overall().successes()).isEqualTo(20);
        SlaReport byModel = calculator.report(new SlaQuery(w, Optional.empty(), Optional.empty(), Optional.of(GROQ_LLAMA.model())), NOW);
        assertThat(byModel.offers()).extracting(SlaReport.OfferSla::offer).containsExactly(GROQ_LLAMA, TOGETHER_LLAMA);
        assertThat(byModel.providers()).extracting(SlaReport.ProviderSla::provider).containsExactly("meta-llama");
    }

    @Test
    void windowsEndWithTheCurrentMinuteAndBadOnesAreRefusedWithTheReason() {
        SlaWindow w = SlaWindow.parse("1h", null, null, NOW, Duration.ofDays(30));
        assertThat(w.to()).isEqualTo(Instant.parse("2026-02-08T00:01:00Z"));
        assertThat(w.length()).isEqualTo(Duration.ofHours(1));
        assertThat(SlaWindow.parse(null, "2026-02-01T00:00:00Z", "2026-02-02T00:00:00Z", NOW, Duration.ofDays(30)).label()).isEqualTo("custom");

        assertThatThrownBy(() -> SlaWindow.parse("7 days", null, null, NOW, Duration.ofDays(30)))
                .hasMessageContaining("'7 days'").hasMessageContaining("1h, 24h, 7d or 30d");
        assertThatThrownBy(() -> SlaWindow.parse("90d", null, null, NOW, Duration.ofDays(30)))
                .hasMessageContaining("longer than the history kept (30 days");
        assertThatThrownBy(() -> SlaWindow.parse(null, "yesterday", null, NOW, Duration.ofDays(30)))
                .hasMessageContaining("ISO-8601").hasMessageContaining("'yesterday'");
        assertThatThrownBy(() -> SlaWindow.parse(null, "2026-02-03T00:00:00Z", "2026-02-02T00:00:00Z", NOW, Duration.ofDays(30)))
                .hasMessageContaining("from must be before to");
    }
}
