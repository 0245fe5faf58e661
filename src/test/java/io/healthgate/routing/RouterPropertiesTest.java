package io.healthgate.routing;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Model;
import io.healthgate.catalog.Offer;
import io.healthgate.catalog.OfferId;
import io.healthgate.catalog.Protocol;
import io.healthgate.health.OfferStatus;
import io.healthgate.health.OutcomeClass;
import io.healthgate.support.FakeClock;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What holds for any catalog, health, breakers, switch and client preferences. */
class RouterPropertiesTest {
    private static final String MODEL = "acme/model-1";
    private static final List<String> NAMES = List.of("g0", "g1", "g2", "g3", "g4", "g5");

    /** One generated world. */
    record World(int gateways, Set<Integer> disabled, Set<Integer> keyless, List<OfferStatus> statuses,
                 Set<Integer> openCircuits, boolean signalsThrow, boolean ordered,
                 List<String> order, boolean allowFallbacks, Set<String> ignore, Optional<Integer> pin) {
    }

    @Provide
    Arbitrary<World> worlds() {
        Arbitrary<Integer> n = Arbitraries.integers().between(1, NAMES.size());
        return n.flatMap(k -> {
            Arbitrary<Set<Integer>> subset = Arbitraries.integers().between(0, k - 1).set().ofMaxSize(k);
            Arbitrary<List<OfferStatus>> statuses = Arbitraries.of(OfferStatus.class).list().ofSize(k);
            Arbitrary<List<String>> order = Arbitraries.of(NAMES).list().ofMaxSize(3);
            Arbitrary<Set<String>> ignore = Arbitraries.of(NAMES).set().ofMaxSize(3);
            Arbitrary<Optional<Integer>> pin = Arbitraries.integers().between(0, k - 1).optional(0.2);
            return Combinators.combine(
                    Combinators.combine(subset, subset, statuses, subset).as((d, kl, s, o) -> new Object[]{d, kl, s, o}),
                    Arbitraries.of(true, false).list().ofSize(3), order, ignore, pin)
                    .as((a, flags, ord, ign, p) -> new World(k, cast(a[0]), cast(a[1]), cast(a[2]), cast(a[3]),
                            flags.get(0) && flags.get(1), flags.get(2), ord, flags.get(1) || flags.get(2), ign, p));
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }

    @Property(tries = 200)
    void thePlanNeverHoldsAnIgnoredUnconfiguredOrDisabledGatewayAndIsNeverEmptyWhileAPermittedOfferExists(@ForAll("worlds") World w) {
        List<Gateway> gws = new ArrayList<>();
        List<Offer> offers = new ArrayList<>();
        for (int i = 0; i < w.gateways(); i++) {
            String name = NAMES.get(i);
            gws.add(new Gateway(name, name, "http://127.0.0.1:1", "", Protocol.OPENAI, "K" + i, !w.disabled().contains(i), "", "", Map.of(), 0, false));
            offers.add(new Offer(name, MODEL, "up-" + i));
        }
        Catalog catalog = new Catalog(gws, List.of(new Model(MODEL, null, Optional.empty(), false, 0, List.of(), offers)));
        FakeClock clock = new FakeClock();
        FakeHealthSignals signals = new FakeHealthSignals();
        BreakerRegistry breakers = new BreakerRegistry(BreakerSettings.DEFAULTS, clock);
        for (int i = 0; i < w.gateways(); i++) {
            OfferId id = new OfferId(NAMES.get(i), MODEL);
            signals.status(id, w.statuses().get(i));
            if (w.openCircuits().contains(i)) {
                for (int f = 0; f < 5; f++) {
                    breakers.record(id, OutcomeClass.TIMEOUT);
                }
            }
        }
        if (w.signalsThrow()) {
            signals.breakDown();
        }
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < w.gateways(); i++) {
            if (!w.keyless().contains(i)) {
                keys.add(NAMES.get(i));
            }
        }
        ClientPreferences prefs = new ClientPreferences(w.order(), w.allowFallbacks(), w.ignore());
        String requested = w.pin().map(i -> NAMES.get(i) + "/" + MODEL).orElse(MODEL);
        Router router = new Router(() -> catalog, keys::contains, signals, breakers,
                new RoutingSwitch(w.ordered() ? RoutingMode.ORDERED : RoutingMode.HEALTH_AWARE), RoutingSettings.DEFAULTS);

        RoutePlan plan = router.plan(new RouteRequest(catalog.resolve(requested).orElseThrow(), prefs), clock.instant());

        List<String> planned = plan.candidates().stream().map(c -> c.gateway().name()).toList();
        assertThat(planned).doesNotHaveDuplicates();
        for (String g : planned) {
            int i = NAMES.indexOf(g);
            assertThat(w.ignore()).as("ignored gateway planned").doesNotContain(g);
            assertThat(keys).as("unconfigured gateway planned").contains(g);
            assertThat(w.disabled()).as("disabled gateway planned").doesNotContain(i);
            w.pin().ifPresent(p -> assertThat(g).isEqualTo(NAMES.get(p)));
        }
        boolean permittedOfferExists = offers.stream()
                .filter(o -> w.pin().map(p -> o.gateway().equals(NAMES.get(p))).orElse(true))
                .anyMatch(o -> keys.contains(o.gateway()) && !w.disabled().contains(NAMES.indexOf(o.gateway()))
                        && prefs.permits(o.gateway()));
        assertThat(plan.isEmpty()).as("plan empty although a permitted configured offer exists: %s", plan).isEqualTo(!permittedOfferExists);
    }
}
