package io.healthgate.simulator;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Model;
import io.healthgate.catalog.Offer;
import io.healthgate.catalog.Tier;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A simulated fleet: its gateways, their offers and behaviours, and the environment the demo
 * should run the gateway with. Seeded, so two runs of the same scenario answer alike.
 *
 * <p>File format (YAML or JSON; every duration is multiplied by {@code time_scale}; see
 * docs/simulator.md for the full list of behaviour keys):
 * <pre>{@code
 * seed: 7
 * time_scale: 1.0                     # 0.01 compresses a 60 s outage to 0.6 s
 * demo_environment: { GROQ_API_KEY: sim-groq-key }
 * models:                             # optional catalog metadata
 *   - { id: meta-llama/llama-3.3-70b-instruct, reasoning: false, tier: critical }
 * gateways:
 *   - name: groq
 *     protocol: openai                # or anthropic
 *     api_key_env: GROQ_API_KEY
 *     api_key: sim-groq-key           # the fake key the simulator accepts
 *     behaviour: { first_byte_ms: 40, chunk_delay_ms: 5 }
 *     offers:
 *       - model: meta-llama/llama-3.3-70b-instruct
 *         upstream: llama-3.3-70b-versatile
 *         behaviour:
 *           fault: none               # rate_limited, server_error, bad_gateway, unavailable, overloaded,
 *                                     # auth_rejected, no_credits, not_found, token_floor, hang,
 *                                     # cut_stream, stream_error, malformed, reset, stall, malformed_event,
 *                                     # cut_after_tokens, echo_key (or 429, 503, ...)
 *           outages: [ { start_seconds: 30, duration_seconds: 60, fault: unavailable } ]
 * }</pre>
 *
 * @param timeScale multiplies every duration (latency, cold start, idle, outage times, rate windows)
 * @param models catalog metadata by model id (provider, reasoning, tier); optional
 * @param demoEnvironment the env vars the demo sets for the gateway under test (fake keys)
 */
public record Scenario(
        long seed,
        double timeScale,
        List<GatewaySpec> gateways,
        List<ModelInfo> models,
        Map<String, String> demoEnvironment) {

    public Scenario {
        timeScale = timeScale == 0 ? 1.0 : timeScale;
        if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
            throw new IllegalArgumentException("time_scale must be > 0, got " + timeScale);
        }
        gateways = gateways == null ? List.of() : List.copyOf(gateways);
        models = models == null ? List.of() : List.copyOf(models);
        demoEnvironment = demoEnvironment == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(demoEnvironment));
        java.util.Set<String> names = new java.util.HashSet<>();
        for (GatewaySpec g : gateways) {
            if (!names.add(g.name())) {
                throw new IllegalArgumentException("gateway '" + g.name() + "' is listed twice");
            }
        }
    }

    /** Reads a scenario from a YAML or JSON file; errors name the file and the bad key. */
    public static Scenario load(Path file) throws IOException {
        return ScenarioJson.read(file);
    }

    /** Parses a scenario from YAML or JSON text. */
    public static Scenario parse(String text) {
        return ScenarioJson.parse(text);
    }

    /** This scenario as YAML (the format {@link #load} reads). */
    public String toYaml() {
        return ScenarioJson.toYaml(this);
    }

    /**
     * The original platform's bad week, over {@code catalog}: every gateway (specials listed but
     * disabled), every offer, plus synthetic models up to ~387 in all; keys in the demo
     * environment for 11 gateways (one of them wrong), the Hugging Face key under the wrong env
     * var name, dead models, a rate-limited aggregator, token floors on reasoning models, cold
     * starts on Featherless and a few scheduled outages 20-60 s in, lasting 30-90 s.
     */
    public static Scenario defaultFleet(Catalog catalog, long seed) {
        return DefaultFleet.build(catalog, seed, 1.0);
    }

    /** {@link #defaultFleet(Catalog, long)} with every duration multiplied by {@code timeScale}. */
    public static Scenario defaultFleet(Catalog catalog, long seed, double timeScale) {
        return DefaultFleet.build(catalog, seed, timeScale);
    }

    public Optional<GatewaySpec> gateway(String name) {
        return gateways.stream().filter(g -> g.name().equals(name)).findFirst();
    }

    public Scenario withTimeScale(double scale) {
        return new Scenario(seed, scale, gateways, models, demoEnvironment);
    }

    /** The distinct canonical model ids the fleet serves, in scenario order. */
    public List<String> modelIds() {
        return gateways.stream().flatMap(g -> g.offers().stream()).map(OfferSpec::model).distinct().toList();
    }

    /**
     * A catalog of the same gateways, models and offers whose gateways point at a running
     * simulator: {@code {simulatorBaseUrl}/gw/{gateway}/v1}.
     */
    public Catalog toCatalog(String simulatorBaseUrl) {
        String base = simulatorBaseUrl.endsWith("/") ? simulatorBaseUrl.substring(0, simulatorBaseUrl.length() - 1) : simulatorBaseUrl;
        List<Gateway> gws = new ArrayList<>();
        Map<String, List<Offer>> offers = new LinkedHashMap<>();
        for (GatewaySpec g : gateways) {
            String url = base + "/gw/" + g.name() + "/v1";
            gws.add(new Gateway(g.name(), g.displayName(), url, url + "/models", g.protocol(), g.apiKeyEnv(), g.enabled(),
                    g.disabledReason(), g.notes(), Map.of(), g.modelSwitchesPerMinute(), g.maxCompletionTokens(),
                    g.responsesApi(), false));
            for (OfferSpec o : g.offers()) {
                offers.computeIfAbsent(o.model(), k -> new ArrayList<>()).add(new Offer(g.name(), o.model(), o.upstream()));
            }
        }
        Map<String, ModelInfo> info = new LinkedHashMap<>();
        models.forEach(m -> info.put(m.id(), m));
        List<Model> ms = new ArrayList<>();
        offers.forEach((id, os) -> {
            ModelInfo mi = info.get(id);
            Optional<Tier> tier = mi == null || mi.tier() == null || mi.tier().isBlank() ? Optional.empty() : Optional.of(Tier.fromWireName(mi.tier()));
            ms.add(new Model(id, mi == null ? null : mi.provider(), tier, mi != null && mi.reasoning(),
                    mi == null ? 0 : mi.contextTokens(), mi == null ? List.of() : mi.aliases(), os,
                    mi != null && mi.isEmbedding() ? Model.Kind.EMBEDDING : Model.Kind.CHAT,
                    mi != null && mi.isEmbedding() ? mi.vectorDimensions() : 0));
        });
        return new Catalog(gws, ms);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a scenario in code; gateways keep the order they were added in. */
    public static final class Builder {
        private long seed;
        private double timeScale = 1.0;
        private final Map<String, GatewaySpec> gateways = new LinkedHashMap<>();
        private final Map<String, List<OfferSpec>> offers = new LinkedHashMap<>();
        private final List<ModelInfo> models = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder timeScale(double timeScale) {
            this.timeScale = timeScale;
            return this;
        }

        /** Adds a gateway (its own offers included). */
        public Builder gateway(GatewaySpec g) {
            if (gateways.putIfAbsent(g.name(), g) != null) {
                throw new IllegalArgumentException("gateway '" + g.name() + "' is added twice");
            }
            offers.put(g.name(), new ArrayList<>(g.offers()));
            return this;
        }

        /** Adds an enabled gateway whose key is {@code apiKey}, and sets that key in the demo environment. */
        public Builder gateway(String name, io.healthgate.catalog.Protocol protocol, String apiKeyEnv, String apiKey) {
            gateway(GatewaySpec.of(name, protocol, apiKeyEnv, apiKey));
            return demoEnv(apiKeyEnv, apiKey);
        }

        public Builder gatewayBehaviour(String gateway, Behaviour b) {
            gateways.put(gateway, require(gateway).withBehaviour(b));
            return this;
        }

        public Builder offer(String gateway, String model, String upstream) {
            return offer(gateway, model, upstream, Behaviour.NORMAL);
        }

        public Builder offer(String gateway, String model, String upstream, Behaviour b) {
            require(gateway);
            offers.get(gateway).add(new OfferSpec(model, upstream, b));
            return this;
        }

        public Builder model(ModelInfo m) {
            models.add(m);
            return this;
        }

        public Builder demoEnv(String name, String value) {
            env.put(name, value);
            return this;
        }

        private GatewaySpec require(String gateway) {
            GatewaySpec g = gateways.get(gateway);
            if (g == null) {
                throw new IllegalArgumentException("unknown gateway '" + gateway + "'; add it first");
            }
            return g;
        }

        public Scenario build() {
            List<GatewaySpec> gs = new ArrayList<>();
            gateways.forEach((name, g) -> gs.add(g.withOffers(offers.get(name))));
            return new Scenario(seed, timeScale, gs, models, env);
        }
    }
}
