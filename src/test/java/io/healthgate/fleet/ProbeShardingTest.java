package io.healthgate.fleet;

import io.healthgate.catalog.OfferId;
import io.healthgate.support.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Lease sharding among three instances, on a fake clock. */
class ProbeShardingTest {
    private static final Duration LEASE = Duration.ofSeconds(30);
    private final FakeClock clock = new FakeClock();
    private final InMemoryFleet fleet = new InMemoryFleet(clock);
    private final List<OfferId> offers = new ArrayList<>();
    private final ProbeSharding a = new ProbeSharding(fleet.member("a"), "a", LEASE);
    private final ProbeSharding b = new ProbeSharding(fleet.member("b"), "b", LEASE);
    private final ProbeSharding c = new ProbeSharding(fleet.member("c"), "c", LEASE);

    {
        for (int i = 0; i < 60; i++) {
            offers.add(new OfferId("gw" + (i % 3), "m/model-" + i));
        }
    }

    private void pass(List<String> live, ProbeSharding... who) {
        for (ProbeSharding s : who) {
            s.rebalance(offers, live);
        }
    }

    private Map<OfferId, Long> owners(ProbeSharding... who) {
        return offers.stream().collect(Collectors.toMap(o -> o, o -> java.util.Arrays.stream(who).filter(s -> s.owns(o)).count()));
    }

    @Test
    void everyOfferIsProbedByExactlyOneOfThreeInstancesAndTheyShareTheWork() {
        List<String> live = List.of("a", "b", "c");
        pass(live, a, b, c);
        pass(live, a, b, c);

        assertThat(owners(a, b, c).values()).containsOnly(1L);
        assertThat(a.held() + b.held() + c.held()).isEqualTo(60);
        assertThat(List.of(a.held(), b.held(), c.held())).allSatisfy(n -> assertThat(n).isBetween(10, 30));
    }

    @Test
    void aCleanStopHandsItsOffersToTheOthersOnTheirNextPass() {
        List<String> live = List.of("a", "b", "c");
        pass(live, a, b, c);
        int aHeld = a.held();
        assertThat(aHeld).isPositive();

        a.releaseAll();
        pass(List.of("b", "c"), b, c);

        assertThat(owners(b, c).values()).containsOnly(1L);
        assertThat(b.held() + c.held()).isEqualTo(60);
    }

    @Test
    void anInstanceThatDiesLosesItsLeasesWithinTheLeaseTimeAndTheOthersTakeThem() {
        List<String> live = List.of("a", "b", "c");
        pass(live, a, b, c);
        Set<OfferId> aHad = offers.stream().filter(a::owns).collect(Collectors.toSet());

        // a dies without a word: the registry still lists it for a while, and its leases hold.
        clock.advance(LEASE.dividedBy(3));
        pass(live, b, c);
        assertThat(aHad).allSatisfy(o -> assertThat(b.owns(o) || c.owns(o)).isFalse());

        clock.advance(LEASE); // its leases lapse; the registry has dropped it too
        pass(List.of("b", "c"), b, c);

        assertThat(owners(b, c).values()).containsOnly(1L);
    }

    @Test
    void anOrphanedOfferIsTakenEvenWhileItsPreferredInstanceIsStillListed() {
        pass(List.of("a", "b", "c"), b, c); // a is listed but never takes its leases
        pass(List.of("a", "b", "c"), b, c);

        assertThat(owners(b, c).values()).containsOnly(1L);
    }

    @Test
    void whenLeasesAreUnreachableEveryInstanceProbesEverythingAndResumesItsShareAfter() {
        List<String> live = List.of("a", "b", "c");
        pass(live, a, b, c);
        fleet.cut();

        assertThat(a.rebalance(offers, live)).isFalse();
        assertThat(offers).allSatisfy(o -> assertThat(a.owns(o)).isTrue());
        assertThat(a.fallingBack()).isTrue();
        assertThat(a.held()).isZero();

        fleet.restore();
        pass(live, a, b, c);
        assertThat(a.fallingBack()).isFalse();
        assertThat(owners(a, b, c).values()).containsOnly(1L);
    }

    @Test
    void aJoiningInstanceTakesOverOnlyItsShare() {
        pass(List.of("a", "b"), a, b);
        pass(List.of("a", "b"), a, b);
        assertThat(a.held() + b.held()).isEqualTo(60);

        List<String> three = List.of("a", "b", "c");
        pass(three, a, b, c); // a and b let go of c's offers
        pass(three, c);       // c takes them

        assertThat(owners(a, b, c).values()).containsOnly(1L);
        assertThat(c.held()).isBetween(10, 30);
    }
}
