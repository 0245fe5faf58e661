package io.healthgate.sla;

import io.healthgate.catalog.OfferId;
import io.healthgate.health.HealthStore;
import io.healthgate.health.OutcomeClass;
import io.healthgate.support.Buckets;
import io.healthgate.support.InMemoryHealthStore;
import io.healthgate.support.InMemoryOutcomeHistory;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Each of the six success figures, from a scripted history on a fixed "now". */
class SuccessMetricsTest {
    static final Instant NOW = Instant.parse("2026-02-15T12:00:30Z");
    static final OfferId A = new OfferId("groq", "acme/a");
    static final OfferId B = new OfferId("together", "acme/b");

    private final InMemoryOutcomeHistory history = new InMemoryOutcomeHistory();
    private final InMemoryHealthStore store = new InMemoryHealthStore();
    private final SuccessMetrics metrics = new SuccessMetrics(history, store);

    private Map<String, SuccessMetric> compute(int openBreakers) {
        return metrics.compute(NOW, openBreakers).stream().collect(Collectors.toMap(SuccessMetric::key, Function.identity()));
    }

    private static Instant minutesAgo(long m) {
        return NOW.minus(Duration.ofMinutes(m)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    }

    @Test
    void failedRequestsAreTheLastHoursLiveCountingFailuresProbesAndRateLimitsAside() {
        history.append(List.of(
                Buckets.at(minutesAgo(10), A).successes(98, 100).calls(OutcomeClass.SERVER_ERROR, 2).calls(OutcomeClass.RATE_LIMITED, 50).build(),
                Buckets.at(minutesAgo(10), B).source(DetectionSource.PROBE).calls(OutcomeClass.SERVER_ERROR, 9).build(),
                Buckets.at(minutesAgo(90), A).calls(OutcomeClass.SERVER_ERROR, 100).build())); // more than an hour ago

        SuccessMetric m = compute(0).get("failed_requests");

        assertThat(m.value()).contains(2.0);
        assertThat(m.comparison()).isEqualTo("<");
        assertThat(m.target()).contains(5.0);
        assertThat(m.met()).contains(true);
        assertThat(m.trend()).hasSize(7).last().isEqualTo(Optional.of(Math.round(100.0 * 102 / 200 * 100) / 100.0));
    }

    @Test
    void responseTimeIsHeldTo70PercentOfTheBaselineWeek() {
        history.append(List.of(
                Buckets.at(NOW.minus(Duration.ofDays(10)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES), A).successes(10, 500).build(), // total 1000 ms
                Buckets.at(minutesAgo(30), A).successes(10, 300).build())); // total 600 ms

        SuccessMetric m = compute(0).get("response_time");

        assertThat(m.baseline()).contains(1000.0);
        assertThat(m.target()).contains(700.0);
        assertThat(m.value()).contains(600.0);
        assertThat(m.met()).contains(true);
    }

    @Test
    void aTimeoutTheSameOfferAnsweredRightAfterIsFalseAndOneThatStayedDownIsReal() {
        history.append(List.of(
                Buckets.at(minutesAgo(20), A).calls(OutcomeClass.TIMEOUT, 1).build(),
                Buckets.at(minutesAgo(19), A).successes(3, 100).build(),          // answered the next minute: false
                Buckets.at(minutesAgo(20), B).calls(OutcomeClass.TIMEOUT, 1).build(),
                Buckets.at(minutesAgo(15), B).successes(3, 100).build()));        // five minutes later: it was down

        SuccessMetric m = compute(0).get("false_timeouts");

        assertThat(m.value()).contains(50.0);
        assertThat(m.met()).contains(false);
    }

    @Test
    void modelAndGatewayHealthAverageTheLastDayOfSnapshotsAgainstTheirBaseline() {
        store.writeSystemSnapshot(new HealthStore.SystemSnapshot(NOW.minus(Duration.ofHours(2)), 96, 90, 0, 0, 0, 0, 9, 10));
        store.writeSystemSnapshot(new HealthStore.SystemSnapshot(NOW.minus(Duration.ofHours(1)), 98, 90, 0, 0, 0, 0, 8, 10));
        store.writeSystemSnapshot(new HealthStore.SystemSnapshot(NOW.minus(Duration.ofDays(9)), 79, 90, 0, 0, 0, 0, 6, 10));

        Map<String, SuccessMetric> all = compute(0);

        assertThat(all.get("model_health").value()).contains(97.0);
        assertThat(all.get("model_health").baseline()).contains(79.0);
        assertThat(all.get("model_health").met()).contains(true);
        assertThat(all.get("gateway_health").value()).contains(85.0);
        assertThat(all.get("gateway_health").met()).contains(false);
        assertThat(all.get("gateway_health").trend()).last().isEqualTo(Optional.of(85.0));
    }

    @Test
    void openBreakersAreTakenNowAndNoHistoryMeansUnknownNotZero() {
        Map<String, SuccessMetric> all = compute(4);

        assertThat(all).containsOnlyKeys("model_health", "gateway_health", "failed_requests", "response_time", "false_timeouts", "breakers_open");
        assertThat(all.get("breakers_open").value()).contains(4.0);
        assertThat(all.get("breakers_open").met()).contains(false);
        assertThat(all.get("failed_requests").value()).isEmpty();
        assertThat(all.get("failed_requests").met()).isEmpty();
        assertThat(all.get("response_time").target()).as("no baseline week yet").isEmpty();
        assertThat(all.values()).allSatisfy(m -> assertThat(m.definition()).isNotBlank());
    }
}
