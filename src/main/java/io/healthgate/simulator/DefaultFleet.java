package io.healthgate.simulator;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Model;
import io.healthgate.catalog.Offer;
import io.healthgate.catalog.Protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The default scenario: the original platform's bad week over a catalog. Every choice below is
 * drawn from one seeded random source in a fixed order, so the same catalog and seed give the
 * same fleet.
 */
final class DefaultFleet {
    /** Distinct models the original platform tracked; synthetic models fill the catalog up to it. */
    static final int TARGET_MODELS = 387;
    /** Gateways whose keys the demo environment sets, in order of preference; the last one set is set wrong. */
    static final List<String> KEYED = List.of("openrouter", "groq", "together", "fireworks", "deepinfra", "cerebras",
            "featherless", "openai", "anthropic", "xai", "nebius");
    static final int KEYED_COUNT = 11;
    /** The gateway whose key the demo sets under another name, and that name. */
    static final String MISNAMED_GATEWAY = "huggingface";
    static final String MISNAMED_ENV = "HUGGINGFACE_API_KEY";
    static final String RATE_LIMITED_AGGREGATOR = "openrouter";
    static final String COLD_START_GATEWAY = "featherless";
    static final int TOKEN_FLOOR = 16;
    static final int DEAD_OFFERS = 10;

    /** Gateways that serve only their maker's own models, so no synthetic model lands there. */
    static final Set<String> FIRST_PARTY = Set.of("openai", "anthropic", "xai");
    private static final List<String> SYNTHETIC_PROVIDERS = List.of("nousresearch", "sao10k", "thedrummer", "gryphe",
            "cognitivecomputations", "mistralai", "microsoft", "google", "ibm-granite", "allenai", "01-ai", "internlm",
            "tiiuae", "nvidia", "upstage");
    private static final List<String> FAMILIES = List.of("llama", "qwen", "mistral", "gemma", "phi", "deepseek", "yi",
            "falcon", "granite", "olmo");
    private static final int[] SIZES = {1, 3, 7, 8, 13, 14, 32, 70};

    private DefaultFleet() {
    }

    static Scenario build(Catalog catalog, long seed, double timeScale) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Gateway> gateways = new ArrayList<>(catalog.gateways());
        List<String> callable = gateways.stream().filter(g -> g.enabled() && g.protocol() != Protocol.SPECIAL).map(Gateway::name).toList();

        // Keys: 11 gateways keyed in the demo environment, the last of them wrong.
        List<String> keyed = new ArrayList<>(KEYED.stream().filter(callable::contains).toList());
        for (String g : callable) {
            if (keyed.size() >= KEYED_COUNT) {
                break;
            }
            if (!keyed.contains(g) && !g.equals(MISNAMED_GATEWAY)) {
                keyed.add(g);
            }
        }
        keyed = keyed.subList(0, Math.min(KEYED_COUNT, keyed.size()));
        String wrong = keyed.isEmpty() ? null : keyed.get(keyed.size() - 1);
        Set<String> good = new LinkedHashSet<>(keyed);
        good.remove(wrong);

        Map<String, String> keys = new LinkedHashMap<>();
        for (Gateway g : gateways) {
            keys.put(g.name(), "sim-fake-" + g.name() + "-" + Long.toHexString(rnd.nextLong() & 0xffffffffffL));
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (Gateway g : gateways) {
            if (keyed.contains(g.name()) && !g.apiKeyEnv().isEmpty()) {
                env.put(g.apiKeyEnv(), g.name().equals(wrong) ? "sim-fake-" + g.name() + "-wrong-key" : keys.get(g.name()));
            }
            if (g.name().equals(MISNAMED_GATEWAY) && !g.apiKeyEnv().equals(MISNAMED_ENV)) {
                env.put(MISNAMED_ENV, keys.get(g.name()));
            }
        }

        // Offers: the catalog's, then synthetic models up to TARGET_MODELS.
        Map<String, Map<String, OfferSpec>> offers = new LinkedHashMap<>();
        gateways.forEach(g -> offers.put(g.name(), new LinkedHashMap<>()));
        List<ModelInfo> infos = new ArrayList<>();
        for (Model m : catalog.models()) {
            infos.add(new ModelInfo(m.id(), m.provider(), m.reasoning(), m.contextTokens(), m.tier().map(t -> t.wireName()).orElse(null),
                    m.aliases(), m.isEmbedding() ? ModelInfo.EMBEDDING : ModelInfo.CHAT, m.dimensions()));
            for (Offer o : m.offers()) {
                offers.get(o.gateway()).put(o.model(), OfferSpec.of(o.model(), o.upstreamModel()));
            }
        }
        int synthetic = Math.max(0, TARGET_MODELS - catalog.models().size());
        List<String> hosts = callable.stream().filter(g -> !FIRST_PARTY.contains(g)).toList();
        for (int i = 1; i <= synthetic && !hosts.isEmpty(); i++) {
            String provider = SYNTHETIC_PROVIDERS.get(rnd.nextInt(SYNTHETIC_PROVIDERS.size()));
            String id = provider + "/sim-" + FAMILIES.get(rnd.nextInt(FAMILIES.size())) + "-" + SIZES[rnd.nextInt(SIZES.length)]
                    + "b-" + String.format("%03d", i);
            infos.add(new ModelInfo(id, provider, false, 32768, null, List.of()));
            String first = hosts.contains(COLD_START_GATEWAY) && rnd.nextInt(2) == 0 ? COLD_START_GATEWAY
                    : hosts.get(rnd.nextInt(hosts.size()));
            offers.get(first).put(id, OfferSpec.of(id, upstreamFor(first, id)));
            if (rnd.nextInt(4) == 0) {
                String second = hosts.get(rnd.nextInt(hosts.size()));
                offers.get(second).putIfAbsent(id, OfferSpec.of(id, upstreamFor(second, id)));
            }
        }

        // Behaviours: latency everywhere, then the week's troubles.
        Map<String, Behaviour> gwBehaviour = new LinkedHashMap<>();
        for (Gateway g : gateways) {
            long firstByte = switch (g.name()) {
                case "groq", "cerebras" -> 40;
                case "openai", "anthropic" -> 250;
                default -> 120 + rnd.nextInt(200);
            };
            Behaviour b = Behaviour.NORMAL.withLatency(firstByte, 3 + rnd.nextInt(15));
            if (g.name().equals(RATE_LIMITED_AGGREGATOR)) {
                b = b.withModelSwitchesPerMinute(4).withRetryAfter(15);
            }
            gwBehaviour.put(g.name(), b);
        }
        Map<String, Boolean> floorModels = new LinkedHashMap<>();
        catalog.models().stream().filter(Model::reasoning).forEach(m -> floorModels.put(m.id(), rnd.nextBoolean()));
        offers.forEach((gw, byModel) -> byModel.replaceAll((model, o) -> {
            Behaviour b = o.behaviour();
            if (gw.equals(COLD_START_GATEWAY)) {
                b = b.withColdStart(12_000 + rnd.nextInt(12_000), 300);
            }
            if (floorModels.getOrDefault(model, false)) {
                b = b.withMinMaxTokens(TOKEN_FLOOR);
            }
            return o.with(b);
        }));

        // Troubles on gateways the demo can reach, so the health engine has something real to find.
        List<OfferSpec[]> plain = new ArrayList<>();
        List<String[]> plainIds = new ArrayList<>();
        Map<String, Integer> offerCount = new LinkedHashMap<>();
        offers.values().forEach(m -> m.keySet().forEach(id -> offerCount.merge(id, 1, Integer::sum)));
        for (String gw : good) {
            offers.get(gw).forEach((model, o) -> {
                if (o.behaviour().equals(Behaviour.NORMAL)) {
                    plainIds.add(new String[] {gw, model});
                }
            });
        }
        List<String[]> pool = shuffle(plainIds, rnd);
        List<String[]> multi = pool.stream().filter(p -> offerCount.get(p[1]) >= 2).toList();
        Set<String> used = new LinkedHashSet<>();
        // A few real outages, 20-60 s in, lasting 30-90 s, on models that have somewhere else to go.
        Fault[] outageFaults = {Fault.UNAVAILABLE, Fault.SERVER_ERROR, Fault.OVERLOADED};
        int outages = 0;
        for (String[] p : multi) {
            if (outages == outageFaults.length) {
                break;
            }
            if (used.add(p[0] + "\u0000" + p[1]) && used.stream().filter(u -> u.startsWith(p[0] + "\u0000")).count() == 1) {
                Fault f = outageFaults[outages++];
                update(offers, p, b -> b.withOutage(20 + rnd.nextInt(41), 30 + rnd.nextInt(61), f));
            }
        }
        // One gateway-wide outage on a keyed gateway that is not the aggregator.
        good.stream().filter(g -> !g.equals(RATE_LIMITED_AGGREGATOR) && !g.equals(COLD_START_GATEWAY)).skip(rnd.nextInt(Math.max(1, good.size() - 2)))
                .findFirst().ifPresent(g -> gwBehaviour.put(g, gwBehaviour.get(g).withOutage(20 + rnd.nextInt(41), 30 + rnd.nextInt(61), Fault.BAD_GATEWAY)));
        int dead = 0;
        int flaky = 0;
        int slow = 0;
        for (String[] p : pool) {
            if (!used.add(p[0] + "\u0000" + p[1])) {
                continue;
            }
            if (dead < DEAD_OFFERS) {
                dead++;
                update(offers, p, b -> b.withFault(Fault.NOT_FOUND));
            } else if (flaky < 2) {
                flaky++;
                update(offers, p, b -> b.withErrorRate(0.2, Fault.SERVER_ERROR));
            } else if (slow < 2) {
                slow++;
                update(offers, p, b -> b.withLatency(3_000, b.chunkDelayMs()));
            } else {
                break;
            }
        }

        List<GatewaySpec> specs = new ArrayList<>();
        for (Gateway g : gateways) {
            specs.add(new GatewaySpec(g.name(), g.displayName(), g.protocol(), g.apiKeyEnv(), keys.get(g.name()), g.enabled(),
                    g.disabledReason(), g.notes(), g.modelSwitchesPerMinute(), g.maxCompletionTokens(), gwBehaviour.get(g.name()),
                    List.copyOf(offers.get(g.name()).values())));
        }
        return new Scenario(seed, timeScale, specs, infos, env);
    }

    private static void update(Map<String, Map<String, OfferSpec>> offers, String[] p, java.util.function.UnaryOperator<Behaviour> f) {
        offers.get(p[0]).computeIfPresent(p[1], (k, o) -> o.with(f.apply(o.behaviour())));
    }

    private static String upstreamFor(String gateway, String id) {
        String name = id.substring(id.indexOf('/') + 1);
        return switch (gateway) {
            case "fireworks" -> "accounts/fireworks/models/" + name;
            case "near" -> "near/" + name;
            case "groq", "cerebras", "openai", "anthropic", "xai" -> name;
            default -> id;
        };
    }

    private static <T> List<T> shuffle(List<T> list, SplittableRandom rnd) {
        List<T> out = new ArrayList<>(list);
        for (int i = out.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            T t = out.get(i);
            out.set(i, out.get(j));
            out.set(j, t);
        }
        return out;
    }
}
