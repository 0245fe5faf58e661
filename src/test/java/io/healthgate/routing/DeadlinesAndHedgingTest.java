package io.healthgate.routing;

import io.healthgate.catalog.Model;
import io.healthgate.catalog.Tier;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadlinesAndHedgingTest {
    private final RoutePlan plan = FailoverPolicyTest.fourCandidatePlan();
    private final FakeHealthSignals signals = new FakeHealthSignals();

    @Test
    void firstTokenDeadlinesDefaultByTier() {
        FirstTokenDeadlines d = FirstTokenDeadlines.DEFAULTS;
        assertThat(d.forModel("x", Optional.of(Tier.CRITICAL))).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.forModel("x", Optional.of(Tier.POPULAR))).isEqualTo(Duration.ofSeconds(45));
        assertThat(d.forModel("x", Optional.of(Tier.STANDARD))).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.forModel("x", Optional.of(Tier.ON_DEMAND))).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.forModel("x", Optional.empty())).as("no tier yet: standard").isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aPerModelDeadlineWinsOverTheTierAndOtherTiersKeepTheirDefaults() {
        FirstTokenDeadlines d = new FirstTokenDeadlines(Map.of(Tier.CRITICAL, Duration.ofSeconds(20)),
                Map.of("deepseek/deepseek-r1", Duration.ofSeconds(120)));
        Model r1 = new Model("deepseek/deepseek-r1", null, Optional.of(Tier.CRITICAL), true, 0, List.of(), List.of());
        Model other = new Model("openai/gpt-4o", null, Optional.of(Tier.CRITICAL), false, 0, List.of(), List.of());
        assertThat(d.forModel(r1)).isEqualTo(Duration.ofSeconds(120));
        assertThat(d.forModel(other)).isEqualTo(Duration.ofSeconds(20));
        assertThat(d.forModel("y", Optional.of(Tier.POPULAR))).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void aNonPositiveDeadlineIsRejectedQuotingIt() {
        assertThatThrownBy(() -> new FirstTokenDeadlines(Map.of(), Map.of("m", Duration.ZERO)))
                .hasMessageContaining("model m").hasMessageContaining("got 0");
    }

    @Test
    void hedgingIsOffByDefault() {
        signals.p95(plan.candidates().get(0).id(), 2000);
        assertThat(HedgePolicy.OFF.hedgeDelay(plan, signals)).isEmpty();
    }

    @Test
    void theHedgeDelayIsTheFirstCandidatesP95() {
        signals.p95(plan.candidates().get(0).id(), 2000);
        HedgePolicy on = new HedgePolicy(true, Map.of(), null, null);
        assertThat(on.hedgeDelay(plan, signals)).contains(Duration.ofMillis(2000));
    }

    @Test
    void theHedgeDelayNeverGoesBelowTheFloorNorAboveTheCap() {
        HedgePolicy on = new HedgePolicy(true, Map.of(), Duration.ofMillis(500), Duration.ofSeconds(5));
        signals.p95(plan.candidates().get(0).id(), 120);
        assertThat(on.hedgeDelay(plan, signals)).contains(Duration.ofMillis(500));
        signals.p95(plan.candidates().get(0).id(), 9000);
        assertThat(on.hedgeDelay(plan, signals)).contains(Duration.ofSeconds(5));
    }

    @Test
    void anUnknownOrUnreadableP95HedgesAtTheCap() {
        HedgePolicy on = new HedgePolicy(true, Map.of(), Duration.ofMillis(500), Duration.ofSeconds(5));
        assertThat(on.hedgeDelay(plan, signals)).contains(Duration.ofSeconds(5));
        signals.breakDown();
        assertThat(on.hedgeDelay(plan, signals)).contains(Duration.ofSeconds(5));
    }

    @Test
    void thereIsNoHedgeWithoutASecondCandidate() {
        RoutePlan single = new RoutePlan(plan.model(), plan.mode(), plan.candidates().subList(0, 1), false, "", List.of());
        assertThat(new HedgePolicy(true, Map.of(), null, null).hedgeDelay(single, signals)).isEmpty();
    }

    @Test
    void aPerModelSwitchOverridesTheGlobalOne() {
        HedgePolicy onlyThisModel = new HedgePolicy(false, Map.of(RouterTest.MODEL, true), null, null);
        HedgePolicy allButThisModel = new HedgePolicy(true, Map.of(RouterTest.MODEL, false), null, null);
        assertThat(onlyThisModel.hedgeDelay(plan, signals)).isPresent();
        assertThat(allButThisModel.hedgeDelay(plan, signals)).isEmpty();
        assertThat(allButThisModel.enabledFor("other/model")).isTrue();
    }

    @Test
    void aCapBelowTheFloorIsRejected() {
        assertThatThrownBy(() -> new HedgePolicy(true, Map.of(), Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("cap (PT1S)").hasMessageContaining("floor (PT2S)");
    }
}
