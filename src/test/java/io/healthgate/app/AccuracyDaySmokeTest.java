package io.healthgate.app;

import io.healthgate.catalog.OfferId;
import io.healthgate.health.OfferStatus;
import io.healthgate.simulator.OfferTruth;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The accuracy benchmark's harness ({@link AccuracyDay}) at smoke size, on fake time: a slice of
 * the default scenario (a quiet gateway with a gateway-wide outage, three per-model outages on
 * trafficked models, the rate-limited aggregator, a wrong, a misnamed and a missing key, cold
 * starts) over two simulated hours with the shipped monitoring settings. It asserts what that size
 * can honestly check: keys judged as keys, no false unhealthy, no cross-model throttle, every
 * injected outage that live traffic or a canary can see (gateway-wide, or met by live calls) seen
 * and its recovery seen within 90 s (an untrafficked per-model outage: seen within two tier
 * intervals if it lasts that long), a quiet gateway's outage and recovery within 90 s, a
 * trafficked offer routed around within 5 s of its first failing live call, and the live requests
 * served wherever a working offer existed. The day-long figures are {@code bench/accuracy.sh --day}'s.
 */
@Timeout(240)
class AccuracyDaySmokeTest {
    private static AccuracyDay.Result run;

    @BeforeAll
    static void runTheSmokeDay() throws Exception {
        run = AccuracyDay.run(AccuracyDay.Options.smokeRun());
    }

    @Test
    void theSliceHasWhatTheTargetsNeed() {
        assertThat(run.watches).extracting(w -> w.outage.gatewayWide()).as("a gateway-wide and per-model outages").contains(true, false);
        assertThat(run.keyOf.values()).as("keys: right, wrong, missing and misnamed").contains("ok", "wrong", "missing", "misnamed");
        assertThat(run.watches).allSatisfy(w -> assertThat(w.offers).as("offers covered by " + w.outage.label()).isNotEmpty());
        assertThat(run.live).as("live requests were sent").hasSizeGreaterThan(100);
    }

    @Test
    void noFalseUnhealthyNoCrossModelThrottleAndKeysAreJudgedAsKeys() {
        assertThat(run.falseUnhealthy.values()).as("false unhealthy offers").isEmpty();
        assertThat(run.crossModelThrottles.values()).as("offers throttled by another model's 429").isEmpty();
        assertThat(run.keyViolations.values()).as("key problems judged as anything but key problems").isEmpty();
        for (Map.Entry<OfferId, OfferTruth> e : run.finalTruth.entrySet()) {
            if (e.getValue().demoKey().equals("wrong")) {
                assertThat(run.finalStatus.get(e.getKey())).as("a rejected key ends misconfigured: " + e.getKey()).isEqualTo(OfferStatus.MISCONFIGURED);
            }
        }
    }

    @Test
    void everyOutageTrafficOrACanaryCanSeeIsSeenAndSoIsItsRecovery() {
        for (AccuracyDay.Watch w : run.watches) {
            if (!w.outage.gatewayWide() && !w.trafficked()) {
                // Probes alone: seen within two of its tier intervals when it lasts that long.
                assertThat(AccuracyDay.missedUntrafficked(w, w.offers.values().stream()
                        .mapToLong(x -> run.settings.tier(x.tier).interval().toSeconds()).max().orElse(0)))
                        .as("untrafficked outage missed for two tier intervals: " + w.outage.label()).isFalse();
                continue;
            }
            assertThat(AccuracyDay.detection(w)).as("seen (not healthy): " + w.outage.label()).isNotNegative();
            assertThat(AccuracyDay.unhealthyAfter(w)).as("seen unhealthy or open: " + w.outage.label()).isNotNegative();
            assertThat(AccuracyDay.recovery(w)).as("recovery seen: " + w.outage.label()).isNotNegative();
            assertThat(AccuracyDay.recovery(w)).as("fake seconds from the end to healthy: " + w.outage.label()).isLessThanOrEqualTo(90);
        }
    }

    @Test
    void aQuietGatewaysOutageIsOnEveryOfferWithin90Seconds() {
        AccuracyDay.Watch quiet = run.watches.stream().filter(w -> w.outage.gatewayWide()).findFirst().orElseThrow();
        assertThat(quiet.trafficked()).as("no live call reached " + quiet.outage.gateway()).isFalse();
        assertThat(quiet.offers.size()).as("offers of the quiet gateway").isGreaterThan(1);
        assertThat(AccuracyDay.detection(quiet)).as("fake seconds until every offer read not healthy").isBetween(0, 90);
        assertThat(AccuracyDay.recovery(quiet)).as("fake seconds from the end until every offer read healthy").isBetween(0, 90);
    }

    @Test
    void aTraffickedOfferIsRoutedAroundWithinFiveSecondsOfItsFirstFailingLiveCall() {
        var trafficked = run.watches.stream().filter(w -> AccuracyDay.underTraffic(w) != AccuracyDay.NA).toList();
        assertThat(trafficked).as("per-model outages on the primary of a model with a request a second").isNotEmpty();
        for (AccuracyDay.Watch w : trafficked) {
            assertThat(AccuracyDay.underTraffic(w)).as("fake seconds from the first live call to unhealthy/open: " + w.outage.label())
                    .isBetween(0, 5);
        }
    }

    @Test
    void liveRequestsSucceedWhereAWorkingOfferExists() {
        assertThat(AccuracyDay.successRate(run)).as("user-visible success, %").isGreaterThanOrEqualTo(99.9);
    }
}
