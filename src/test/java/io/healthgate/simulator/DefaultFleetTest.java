package io.healthgate.simulator;

import io.healthgate.catalog.Catalog;
import io.healthgate.support.TestFleets;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The default scenario over a synthetic catalog shaped like the built-in one (31 gateways, 115 models). */
class DefaultFleetTest {
    static final Catalog CATALOG = TestFleets.syntheticCatalog(115);
    static final Scenario FLEET = Scenario.defaultFleet(CATALOG, 42);

    static List<OfferSpec> offers(Scenario s) {
        return s.gateways().stream().flatMap(g -> g.offers().stream()).toList();
    }

    @Test
    void mirrorsTheOriginalFleetsSize() {
        assertThat(FLEET.gateways()).hasSize(31);
        assertThat(FLEET.modelIds()).hasSize(387);
        assertThat(FLEET.modelIds()).containsAll(CATALOG.models().stream().map(m -> m.id()).toList());
        assertThat(FLEET.gateways().stream().filter(g -> !g.enabled())).hasSize(3);
        for (String firstParty : DefaultFleet.FIRST_PARTY) {
            assertThat(FLEET.gateway(firstParty).orElseThrow().offers()).noneMatch(o -> o.model().contains("/sim-"));
        }
        Catalog pointed = FLEET.toCatalog("http://127.0.0.1:1");
        assertThat(pointed.models()).hasSize(387);
        assertThat(pointed.gateways()).hasSize(31);
    }

    @Test
    void theDemoEnvironmentKeysElevenGatewaysOneWrongAndHuggingFaceUnderTheWrongName() {
        Map<String, String> env = FLEET.demoEnvironment();
        Map<String, String> keyState = FLEET.gateways().stream()
                .collect(Collectors.toMap(GatewaySpec::name, g -> FleetState.demoKey(g, env)));
        assertThat(keyState.values().stream().filter(s -> s.equals("ok"))).hasSize(10);
        assertThat(keyState).containsEntry("nebius", "wrong").containsEntry("huggingface", "misnamed").containsEntry("groq", "ok");
        assertThat(keyState.values().stream().filter(s -> s.equals("missing"))).hasSize(19);
        assertThat(env).containsKey("HUGGINGFACE_API_KEY").doesNotContainKey("HUG_API_KEY");
        assertThat(env.values()).allMatch(v -> v.startsWith("sim-fake-"));
    }

    @Test
    void hasTheBadWeeksTroubles() {
        GatewaySpec openrouter = FLEET.gateway("openrouter").orElseThrow();
        assertThat(openrouter.behaviour().modelSwitchesPerMinute()).isEqualTo(4);
        assertThat(FLEET.gateway("featherless").orElseThrow().offers()).isNotEmpty()
                .allMatch(o -> o.behaviour().coldStartMs() >= 12_000 && o.behaviour().idleSeconds() == 300);
        List<OfferSpec> all = offers(FLEET);
        assertThat(all.stream().filter(o -> o.behaviour().fault() == Fault.NOT_FOUND)).hasSize(DefaultFleet.DEAD_OFFERS);
        assertThat(all.stream().filter(o -> o.behaviour().minMaxTokens() == 16)).isNotEmpty();
        assertThat(all.stream().filter(o -> o.behaviour().errorRate() > 0)).hasSize(2);
        List<Outage> outages = FLEET.gateways().stream().flatMap(g -> java.util.stream.Stream.concat(g.behaviour().outages().stream(),
                g.offers().stream().flatMap(o -> o.behaviour().outages().stream()))).toList();
        assertThat(outages).hasSizeBetween(3, 5).allSatisfy(o -> {
            assertThat(o.startSeconds()).isBetween(20.0, 60.0);
            assertThat(o.durationSeconds()).isBetween(30.0, 90.0);
        });
        // troubles sit on gateways the demo holds a good key for, so the health engine can see them
        FLEET.gateways().stream().filter(g -> g.offers().stream().anyMatch(o -> o.behaviour().fault() == Fault.NOT_FOUND))
                .forEach(g -> assertThat(FleetState.demoKey(g, FLEET.demoEnvironment())).isEqualTo("ok"));
    }

    @Test
    void theSameSeedGivesTheSameFleetAndAnotherSeedAnother() {
        assertThat(Scenario.defaultFleet(CATALOG, 42)).isEqualTo(FLEET);
        assertThat(Scenario.defaultFleet(CATALOG, 43)).isNotEqualTo(FLEET);
        assertThat(Scenario.defaultFleet(CATALOG, 42, 0.1).timeScale()).isEqualTo(0.1);
    }

    @Test
    void theDefaultFleetServesAndReportsTruthForEveryOffer() {
        try (SimulatedFleet fleet = SimulatedFleet.start(null, FLEET.withTimeScale(0.001), 0)) {
            List<OfferTruth> truth = fleet.truth();
            assertThat(truth).hasSize(offers(FLEET).size());
            assertThat(truth).anyMatch(t -> t.state() == TruthState.NOT_FOUND).anyMatch(t -> t.state() == TruthState.COLD_START)
                    .anyMatch(t -> t.state() == TruthState.UP).anyMatch(t -> t.state() == TruthState.FLAKY);
            GatewaySpec groq = FLEET.gateway("groq").orElseThrow();
            OfferSpec o = groq.offers().stream().filter(x -> x.behaviour().fault() == Fault.NONE && x.behaviour().outages().isEmpty()
                    && x.behaviour().errorRate() == 0).findFirst().orElseThrow();
            var r = SdkClients.post(fleet.gatewayBaseUrl("groq") + "/chat/completions",
                    "{\"model\":\"" + o.upstream() + "\",\"max_tokens\":20,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                    "Authorization", "Bearer " + groq.apiKey());
            assertThat(r.statusCode()).as(r.body()).isIn(200, 502);
        }
    }

    @Test
    void theDefaultFleetOverTheBuiltInCatalogHas31GatewaysAndAbout387Models() {
        Catalog builtin;
        try {
            builtin = io.healthgate.config.BuiltinCatalog.load();
        } catch (UnsupportedOperationException e) {
            org.junit.jupiter.api.Assumptions.abort("the built-in catalog is not in this build yet: " + e.getMessage());
            return;
        }
        Scenario s = Scenario.defaultFleet(builtin, 42);
        assertThat(s.gateways()).hasSize(builtin.gateways().size());
        assertThat(s.modelIds()).hasSizeGreaterThanOrEqualTo(DefaultFleet.TARGET_MODELS);
        Map<String, String> keyState = s.gateways().stream().collect(Collectors.toMap(GatewaySpec::name, g -> FleetState.demoKey(g, s.demoEnvironment())));
        assertThat(keyState.values().stream().filter(v -> v.equals("ok"))).hasSize(10);
        assertThat(keyState).containsEntry("huggingface", "misnamed");
        assertThat(s.toCatalog("http://127.0.0.1:1").models()).hasSize(s.modelIds().size());
    }
}
