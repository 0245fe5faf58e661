package io.healthgate.alerting;

import io.healthgate.catalog.OfferId;
import io.healthgate.catalog.Tier;
import io.healthgate.health.GatewayStatus;
import io.healthgate.support.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class AlertEvaluatorTest {
    private final FakeClock clock = new FakeClock();
    private final AlertEvaluator evaluator = new AlertEvaluator(AlertSettings.defaults());

    private List<AlertNotification> health(double pct) {
        return evaluator.evaluate(HealthFacts.ofHealth(clock.instant(), pct), clock.instant());
    }

    private List<AlertNotification> facts(double pct, List<String> criticalModels, Map<String, GatewayStatus> gateways,
                                          List<HealthFacts.OpenBreaker> breakers) {
        return evaluator.evaluate(new HealthFacts(clock.instant(), pct, criticalModels, gateways, breakers), clock.instant());
    }

    private void minutes(long m) {
        clock.advance(Duration.ofMinutes(m));
    }

    @Test
    void healthAboveWarningThresholdSendsNothing() {
        assertThat(health(97)).isEmpty();
        minutes(1);
        assertThat(health(90)).isEmpty();
    }

    @Test
    void healthBelowNinetyFiresOneWarningWithTheNumbers() {
        List<AlertNotification> sent = health(87.5);
        assertThat(sent).singleElement().satisfies(n -> {
            assertThat(n.key()).isEqualTo("health.overall");
            assertThat(n.severity()).isEqualTo(Severity.WARNING);
            assertThat(n.title()).contains("87.5%");
            assertThat(n.message()).contains("87.5%").contains("90.0%");
            assertThat(n.healthPercentage()).isEqualTo(87.5);
            assertThat(n.at()).isEqualTo(clock.instant());
        });
    }

    @Test
    void healthBelowEightyFiresCritical() {
        assertThat(health(79.9)).extracting(AlertNotification::key, AlertNotification::severity)
                .containsExactly(tuple("health.overall", Severity.CRITICAL));
    }

    @Test
    void anAlertThatKeepsHoldingIsSentOnceNoMatterHowLong() {
        assertThat(health(85)).hasSize(1);
        for (int i = 0; i < 120; i++) {
            minutes(1);
            assertThat(health(85)).as("minute %d", i + 1).isEmpty();
        }
        assertThat(evaluator.openKeys()).containsExactly("health.overall");
    }

    @Test
    void anEscalationIsSentAtOnceButAMilderSeverityWaitsForTheResolution() {
        assertThat(health(85)).extracting(AlertNotification::severity).containsExactly(Severity.WARNING);
        minutes(1);
        assertThat(health(75)).extracting(AlertNotification::severity).containsExactly(Severity.CRITICAL);
        minutes(1);
        assertThat(health(76)).as("critical again: already said").isEmpty();
        minutes(1);
        assertThat(health(84)).as("better, not yet good").isEmpty();
        minutes(1);
        health(96);
        minutes(5);
        assertThat(health(96)).singleElement().satisfies(n -> {
            assertThat(n.severity()).isEqualTo(Severity.RESOLVED);
            assertThat(n.message()).contains("At its worst it was critical");
        });
    }

    @Test
    void aConditionBackWithinTheHoldTimeContinuesTheIncidentSilently() {
        // The measured flap: warning, "resolved" 30 s later, warning again 2.5 min after that.
        assertThat(health(85)).hasSize(1);
        clock.advanceSeconds(30);
        assertThat(health(96)).isEmpty();
        clock.advanceSeconds(150);
        assertThat(health(86)).isEmpty();
        clock.advanceSeconds(30);
        assertThat(health(96)).isEmpty();
        clock.advance(Duration.ofSeconds(299));
        assertThat(health(96)).as("clear for 4 min 59 s").isEmpty();
        clock.advanceSeconds(1);
        assertThat(health(96)).extracting(AlertNotification::severity).containsExactly(Severity.RESOLVED);
    }

    @Test
    void firingAgainWithinTheCooldownAfterTheResolutionReopensTheIncidentWithOneFlappingNotice() {
        health(85);
        minutes(1);
        health(96);
        minutes(5);
        assertThat(health(96)).extracting(AlertNotification::severity).containsExactly(Severity.RESOLVED);
        minutes(10);
        assertThat(health(87)).singleElement().satisfies(n -> {
            assertThat(n.key()).isEqualTo("health.overall");
            assertThat(n.severity()).isEqualTo(Severity.WARNING);
            assertThat(n.title()).startsWith("Flapping: ");
            assertThat(n.message()).contains("re-opened 1 time").contains("No further messages for this incident");
        });
        assertThat(evaluator.openKeys()).containsExactly("health.overall");
        minutes(1);
        health(96);
        minutes(5);
        assertThat(health(96)).as("the flapping incident closes without a fourth message").isEmpty();
        minutes(10);
        assertThat(health(87)).as("and re-opens silently within the cooldown").isEmpty();
        minutes(1);
        assertThat(health(96)).isEmpty();
        minutes(5);
        assertThat(health(96)).isEmpty();
        minutes(30);
        assertThat(health(96)).isEmpty();
        assertThat(evaluator.openKeys()).isEmpty();
        minutes(1);
        assertThat(health(87)).as("after hold plus cooldown clear, a recurrence is a new incident")
                .singleElement().satisfies(n -> assertThat(n.title()).startsWith("Model health low"));
    }

    @Test
    void resolutionIsSentOnceWhenHealthIsBackAtNinetyFive() {
        health(85);
        minutes(5);
        assertThat(health(95)).as("clear, not yet for the hold time").isEmpty();
        minutes(5);
        List<AlertNotification> sent = health(95);
        assertThat(sent).singleElement().satisfies(n -> {
            assertThat(n.key()).isEqualTo("health.overall");
            assertThat(n.severity()).isEqualTo(Severity.RESOLVED);
            assertThat(n.title()).startsWith("Resolved: ");
            assertThat(n.message()).contains("95.0%").contains("Cleared after 5 min and clear for 5 min since");
        });
        for (int i = 0; i < 60; i++) {
            minutes(1);
            assertThat(health(97)).isEmpty();
        }
        assertThat(evaluator.openKeys()).isEmpty();
    }

    @Test
    void betweenNinetyAndNinetyFiveAfterAnAlertNothingNewFires() {
        health(85);
        for (double h : new double[] {90, 92, 94.9, 93}) {
            minutes(20);
            assertThat(health(h)).as("health %s", h).isEmpty();
        }
        assertThat(evaluator.openKeys()).containsExactly("health.overall");
        minutes(20);
        assertThat(health(95.5)).isEmpty();
        minutes(5);
        assertThat(health(95.5)).extracting(AlertNotification::severity).containsExactly(Severity.RESOLVED);
    }

    @Test
    void betweenNinetyAndNinetyFiveWithoutAnAlertNothingFires() {
        assertThat(health(92)).isEmpty();
        assertThat(evaluator.openKeys()).isEmpty();
    }

    @Test
    void unknownHealthNeverFiresNorResolvesHealthAlerts() {
        assertThat(health(Double.NaN)).isEmpty();
        minutes(60);
        assertThat(health(Double.NaN)).isEmpty();
        minutes(1);
        assertThat(health(70)).extracting(AlertNotification::severity).containsExactly(Severity.CRITICAL);
        for (int i = 0; i < 3; i++) {
            minutes(40);
            assertThat(health(Double.NaN)).as("unknown is neither an outage nor a recovery").isEmpty();
        }
        assertThat(evaluator.openKeys()).containsExactly("health.overall");
        minutes(1);
        assertThat(health(99)).isEmpty();
        minutes(2);
        assertThat(health(Double.NaN)).as("unknown in the hold time neither clears nor re-fires").isEmpty();
        minutes(3);
        assertThat(health(99)).extracting(AlertNotification::severity).containsExactly(Severity.RESOLVED);
    }

    @Test
    void dropOfMoreThanTenPointsWithinAnHourFires() {
        AlertEvaluator lowThresholds = new AlertEvaluator(new AlertSettings(Duration.ofMinutes(30), 50, 40, 60, 10, Duration.ofMinutes(10), AlertSettings.DEFAULT_HOLD));
        assertThat(lowThresholds.evaluate(HealthFacts.ofHealth(clock.instant(), 99), clock.instant())).isEmpty();
        minutes(30);
        assertThat(lowThresholds.evaluate(HealthFacts.ofHealth(clock.instant(), 89), clock.instant())).as("exactly 10 points").isEmpty();
        minutes(20);
        List<AlertNotification> sent = lowThresholds.evaluate(HealthFacts.ofHealth(clock.instant(), 88.9), clock.instant());
        assertThat(sent).singleElement().satisfies(n -> {
            assertThat(n.key()).isEqualTo("health.drop");
            assertThat(n.severity()).isEqualTo(Severity.WARNING);
            assertThat(n.message()).contains("99.0%").contains("88.9%");
        });
        minutes(11); // the 99% sample is now older than an hour: the fall is no longer within one hour
        assertThat(lowThresholds.evaluate(HealthFacts.ofHealth(clock.instant(), 88.9), clock.instant())).isEmpty();
        minutes(5);
        assertThat(lowThresholds.evaluate(HealthFacts.ofHealth(clock.instant(), 88.9), clock.instant()))
                .extracting(AlertNotification::key, AlertNotification::severity)
                .containsExactly(tuple("health.drop", Severity.RESOLVED));
    }

    @Test
    void slowFallOverMoreThanAnHourIsNotADrop() {
        AlertEvaluator lowThresholds = new AlertEvaluator(new AlertSettings(Duration.ofMinutes(30), 50, 40, 60, 10, Duration.ofMinutes(10), AlertSettings.DEFAULT_HOLD));
        double[] path = {100, 96, 92, 89.5};
        for (double h : path) {
            assertThat(lowThresholds.evaluate(HealthFacts.ofHealth(clock.instant(), h), clock.instant())).as("health %s", h).isEmpty();
            minutes(35);
        }
    }

    @Test
    void dropAndLowHealthFireTogetherWithDefaults() {
        health(99);
        minutes(10);
        assertThat(health(85)).extracting(AlertNotification::key, AlertNotification::severity)
                .containsExactly(tuple("health.overall", Severity.WARNING), tuple("health.drop", Severity.WARNING));
    }

    @Test
    void criticalModelWithoutHealthyOfferFiresCriticalAndResolvesOnce() {
        String model = "meta-llama/llama-3.3-70b-instruct";
        assertThat(facts(99, List.of(model), Map.of(), List.of()))
                .extracting(AlertNotification::key, AlertNotification::severity)
                .containsExactly(tuple("model." + model + ".no_healthy_offer", Severity.CRITICAL));
        minutes(10);
        assertThat(facts(99, List.of(model), Map.of(), List.of())).isEmpty();
        minutes(1);
        assertThat(facts(99, List.of(), Map.of(), List.of())).isEmpty();
        minutes(5);
        assertThat(facts(99, List.of(), Map.of(), List.of()))
                .extracting(AlertNotification::key, AlertNotification::severity)
                .containsExactly(tuple("model." + model + ".no_healthy_offer", Severity.RESOLVED));
        minutes(1);
        assertThat(facts(99, List.of(), Map.of(), List.of())).isEmpty();
    }

    @Test
    void gatewayWithRejectedKeyOrNoCreditsFires() {
        Map<String, GatewayStatus> gateways = Map.of(
                "groq", GatewayStatus.MISCONFIGURED,
                "together", GatewayStatus.OUT_OF_CREDITS,
                "openrouter", GatewayStatus.HEALTHY,
                "xai", GatewayStatus.THROTTLED,
                "cerebras", GatewayStatus.UNCONFIGURED,
                "fireworks", GatewayStatus.DOWN);
        assertThat(facts(99, List.of(), gateways, List.of()))
                .extracting(AlertNotification::key, AlertNotification::severity)
                .containsExactlyInAnyOrder(
                        tuple("gateway.groq.key_rejected", Severity.CRITICAL),
                        tuple("gateway.together.out_of_credits", Severity.CRITICAL));
        minutes(5);
        assertThat(facts(99, List.of(), Map.of("groq", GatewayStatus.MISCONFIGURED, "together", GatewayStatus.HEALTHY), List.of())).isEmpty();
        minutes(5);
        assertThat(facts(99, List.of(), Map.of("groq", GatewayStatus.MISCONFIGURED, "together", GatewayStatus.HEALTHY), List.of()))
                .extracting(AlertNotification::key, AlertNotification::severity)
                .containsExactly(tuple("gateway.together.out_of_credits", Severity.RESOLVED));
    }

    @Test
    void gatewayAlertTextNeverContainsAKeyValueButSaysWhatToDo() {
        List<AlertNotification> sent = facts(99, List.of(), Map.of("groq", GatewayStatus.MISCONFIGURED), List.of());
        assertThat(sent.getFirst().message()).contains("groq").contains("key").doesNotContain("sk-");
    }

    @Test
    void breakerOnCriticalOfferFiresOnlyAfterTenMinutesOpen() {
        OfferId offer = new OfferId("groq", "meta-llama/llama-3.3-70b-instruct");
        Instant since = clock.instant();
        List<HealthFacts.OpenBreaker> open = List.of(new HealthFacts.OpenBreaker(offer, Tier.CRITICAL, since),
                new HealthFacts.OpenBreaker(new OfferId("together", "x/y"), Tier.POPULAR, since));
        minutes(10);
        assertThat(facts(99, List.of(), Map.of(), open)).as("exactly 10 minutes is not more than 10").isEmpty();
        clock.advanceSeconds(1);
        assertThat(facts(99, List.of(), Map.of(), open))
                .extracting(AlertNotification::key, AlertNotification::severity)
                .containsExactly(tuple("offer.groq:meta-llama/llama-3.3-70b-instruct.breaker_open", Severity.WARNING));
        minutes(50);
        assertThat(facts(99, List.of(), Map.of(), open)).as("popular-tier breakers never alert; the critical one is not sent again").isEmpty();
        minutes(1);
        assertThat(facts(99, List.of(), Map.of(), List.of())).isEmpty();
        minutes(5);
        assertThat(facts(99, List.of(), Map.of(), List.of()))
                .extracting(AlertNotification::severity).containsExactly(Severity.RESOLVED);
    }

    @Test
    void recurrenceAfterTheCooldownIsANewAlert() {
        health(85);
        minutes(5);
        health(96);
        minutes(5);
        assertThat(health(96)).extracting(AlertNotification::severity).containsExactly(Severity.RESOLVED);
        minutes(30);
        assertThat(health(96)).isEmpty();
        minutes(1);
        assertThat(health(87)).extracting(AlertNotification::key, AlertNotification::severity)
                .containsExactly(tuple("health.overall", Severity.WARNING));
    }

    @Test
    void settingsRejectThresholdsOutOfOrderQuotingTheValues() {
        assertThatThrownBy(() -> new AlertSettings(Duration.ofMinutes(30), 80, 90, 95, 10, Duration.ofMinutes(10), AlertSettings.DEFAULT_HOLD))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alerting.critical_below").hasMessageContaining("got 90.0").hasMessageContaining("warning_below (80.0)");
        assertThatThrownBy(() -> HealthFacts.ofHealth(clock.instant(), 101)).hasMessageContaining("101");
    }
}
