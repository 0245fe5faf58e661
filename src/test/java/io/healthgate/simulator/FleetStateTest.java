package io.healthgate.simulator;

import io.healthgate.catalog.Protocol;
import io.healthgate.support.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator's rules as a timeline on a fake clock, without a server. */
class FleetStateTest {
    final FakeClock clock = new FakeClock();

    FleetState state(Behaviour gateway, Behaviour offer, double timeScale) {
        Scenario s = Scenario.builder().seed(5).timeScale(timeScale)
                .gateway("g", Protocol.OPENAI, "G_KEY", "k").gatewayBehaviour("g", gateway)
                .offer("g", "a", "a", offer).offer("g", "b", "b", offer).offer("g", "c", "c", offer).build();
        return new FleetState(s, clock);
    }

    Plan plan(FleetState st, String model, int maxTokens) {
        return st.plan(st.requireGateway("g"), st.requireOffer("g", model), maxTokens, clock.instant());
    }

    @Test
    void coldStartHitsTheFirstCallAndCallsAfterTheIdleWindowOnly() {
        FleetState st = state(Behaviour.NORMAL.withLatency(10, 0), Behaviour.NORMAL.withColdStart(5_000, 300), 1.0);
        Plan first = plan(st, "a", 0);
        assertThat(first.cold()).isTrue();
        assertThat(first.firstByteMs()).isEqualTo(5_010);
        clock.advanceSeconds(299);
        assertThat(plan(st, "a", 0).cold()).isFalse();
        clock.advanceSeconds(299);
        assertThat(plan(st, "a", 0).cold()).isFalse();
        clock.advanceSeconds(300);
        assertThat(plan(st, "a", 0).cold()).isTrue();
    }

    @Test
    void timeScaleShrinksLatencyColdStartAndIdle() {
        FleetState st = state(Behaviour.NORMAL, Behaviour.NORMAL.withLatency(1_000, 100).withColdStart(5_000, 300), 0.01);
        Plan first = plan(st, "a", 0);
        assertThat(first.firstByteMs()).isEqualTo(10 + 50);
        assertThat(first.chunkDelayMs()).isEqualTo(1);
        clock.advanceSeconds(3);
        assertThat(plan(st, "a", 0).cold()).isTrue();
    }

    @Test
    void modelSwitchLimitCountsDistinctModelsInASlidingMinute() {
        FleetState st = state(Behaviour.NORMAL.withModelSwitchesPerMinute(2), Behaviour.NORMAL, 1.0);
        assertThat(plan(st, "a", 0).fault()).isEqualTo(Fault.NONE);
        clock.advanceSeconds(10);
        assertThat(plan(st, "b", 0).fault()).isEqualTo(Fault.NONE);
        assertThat(plan(st, "a", 0).fault()).isEqualTo(Fault.NONE);
        Plan refused = plan(st, "c", 0);
        assertThat(refused.fault()).isEqualTo(Fault.RATE_LIMITED);
        // a was used again at 10 s, so both a and b hold their slots until 70 s
        assertThat(refused.retryAfterSeconds()).isEqualTo(60);
        clock.advance(Duration.ofSeconds(59));
        assertThat(plan(st, "c", 0).fault()).isEqualTo(Fault.RATE_LIMITED);
        clock.advance(Duration.ofSeconds(1));
        assertThat(plan(st, "c", 0).fault()).isEqualTo(Fault.NONE);
    }

    @Test
    void tokenFloorOnlyRefusesRequestsThatAskForFewerTokens() {
        FleetState st = state(Behaviour.NORMAL, Behaviour.NORMAL.withMinMaxTokens(16), 1.0);
        assertThat(plan(st, "a", 5).fault()).isEqualTo(Fault.TOKEN_FLOOR);
        assertThat(plan(st, "a", 16).fault()).isEqualTo(Fault.NONE);
        assertThat(plan(st, "a", 0).fault()).isEqualTo(Fault.NONE);
    }

    @Test
    void gatewayFaultWinsOverTheOffersOwn() {
        FleetState st = state(Behaviour.NORMAL.withOutage(10, 10, Fault.BAD_GATEWAY), Behaviour.NORMAL.withFault(Fault.NOT_FOUND), 1.0);
        assertThat(plan(st, "a", 0).fault()).isEqualTo(Fault.NOT_FOUND);
        clock.advanceSeconds(15);
        assertThat(plan(st, "a", 0).fault()).isEqualTo(Fault.BAD_GATEWAY);
        assertThat(st.truth(st.requireOffer("g", "a"), clock.instant()).state()).isEqualTo(TruthState.DOWN);
        clock.advanceSeconds(10);
        assertThat(st.truth(st.requireOffer("g", "a"), clock.instant()).state()).isEqualTo(TruthState.NOT_FOUND);
    }

    @Test
    void idsRepeatForTheSameSeedAfterAReset() {
        FleetState st = state(Behaviour.NORMAL, Behaviour.NORMAL, 1.0);
        String a = st.nextId();
        st.reset();
        assertThat(st.nextId()).isEqualTo(a);
    }
}
