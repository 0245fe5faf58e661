package io.healthgate.support;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Model;
import io.healthgate.catalog.Offer;
import io.healthgate.catalog.Protocol;
import io.healthgate.simulator.Behaviour;
import io.healthgate.simulator.ModelInfo;
import io.healthgate.simulator.Scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Small fleets and catalogs for tests that need upstream providers: a three-gateway scenario
 * (two OpenAI-protocol, one Anthropic) and a synthetic catalog shaped like the built-in one.
 */
public final class TestFleets {
    public static final String LLAMA = "meta-llama/llama-3.3-70b-instruct";
    public static final String QWEN = "qwen/qwen-2.5-72b-instruct";
    public static final String SONNET = "anthropic/claude-sonnet-4";
    public static final String O3 = "openai/o3-mini";
    public static final String GROQ_KEY = "sim-fake-groq-key";
    public static final String TOGETHER_KEY = "sim-fake-together-key";
    public static final String ANTHROPIC_KEY = "sim-fake-anthropic-key";

    private TestFleets() {
    }

    /**
     * groq (openai): llama as llama-3.3-70b-versatile, o3-mini with a token floor of 16;
     * together (openai): llama and qwen; anthropic (anthropic): claude-sonnet-4.
     * All answer at once; keys set in the demo environment.
     */
    public static Scenario small() {
        return Scenario.builder().seed(7)
                .gateway("groq", Protocol.OPENAI, "GROQ_API_KEY", GROQ_KEY)
                .gateway("together", Protocol.OPENAI, "TOGETHER_API_KEY", TOGETHER_KEY)
                .gateway("anthropic", Protocol.ANTHROPIC, "ANTHROPIC_API_KEY", ANTHROPIC_KEY)
                .offer("groq", LLAMA, "llama-3.3-70b-versatile")
                .offer("groq", O3, "o3-mini", Behaviour.NORMAL.withMinMaxTokens(16))
                .offer("together", LLAMA, "meta-llama/Llama-3.3-70B-Instruct-Turbo")
                .offer("together", QWEN, "Qwen/Qwen2.5-72B-Instruct-Turbo")
                .offer("anthropic", SONNET, "claude-sonnet-4-20250514")
                .model(new ModelInfo(O3, "openai", true, 200000, null, List.of()))
                .model(new ModelInfo(LLAMA, "meta-llama", false, 131072, "critical", List.of("llama-3.3-70b")))
                .build();
    }

    /**
     * Two OpenAI-protocol gateways, alpha and beta, both serving {@code model} (alpha first in
     * catalog order), each {@code firstByteMs} to its first byte and 2 ms between chunks.
     */
    public static Scenario alphaBeta(String model, long firstByteMs) {
        return Scenario.builder().seed(11)
                .gateway("alpha", Protocol.OPENAI, "ALPHA_KEY", "sk-sim-alpha")
                .gateway("beta", Protocol.OPENAI, "BETA_KEY", "sk-sim-beta")
                .gatewayBehaviour("alpha", Behaviour.NORMAL.withLatency(firstByteMs, 2))
                .gatewayBehaviour("beta", Behaviour.NORMAL.withLatency(firstByteMs, 2))
                .offer("alpha", model, "alpha-chat")
                .offer("beta", model, "beta-chat")
                .build();
    }

    /**
     * A catalog shaped like the built-in one: 31 gateways with the real names and key env vars
     * (three of them special), and {@code models} models spread over them, every fifth reasoning.
     */
    public static Catalog syntheticCatalog(int models) {
        String[][] gws = {
            {"openrouter", "OPENROUTER_API_KEY", "openai"}, {"featherless", "FEATHERLESS_API_KEY", "openai"},
            {"chutes", "CHUTES_API_KEY", "openai"}, {"groq", "GROQ_API_KEY", "openai"}, {"fireworks", "FIREWORKS_API_KEY", "openai"},
            {"together", "TOGETHER_API_KEY", "openai"}, {"deepinfra", "DEEPINFRA_API_KEY", "openai"},
            {"cerebras", "CEREBRAS_API_KEY", "openai"}, {"xai", "XAI_API_KEY", "openai"}, {"nebius", "NEBIUS_API_KEY", "openai"},
            {"novita", "NOVITA_API_KEY", "openai"}, {"huggingface", "HUG_API_KEY", "openai"}, {"aimo", "AIMO_API_KEY", "openai"},
            {"near", "NEAR_API_KEY", "openai"}, {"fal", "FAL_KEY", "special"}, {"aihubmix", "AIHUBMIX_API_KEY", "openai"},
            {"anannas", "ANANNAS_API_KEY", "openai"}, {"onerouter", "ONEROUTER_API_KEY", "openai"},
            {"google-vertex", "GOOGLE_APPLICATION_CREDENTIALS", "special"}, {"cloudflare-workers-ai", "CLOUDFLARE_API_TOKEN", "openai"},
            {"vercel-ai-gateway", "VERCEL_AI_GATEWAY_API_KEY", "openai"}, {"helicone", "HELICONE_API_KEY", "openai"},
            {"openai", "OPENAI_API_KEY", "openai"}, {"anthropic", "ANTHROPIC_API_KEY", "anthropic"},
            {"clarifai", "CLARIFAI_API_KEY", "openai"}, {"alibaba", "ALIBABA_CLOUD_API_KEY", "openai"},
            {"simplismart", "SIMPLISMART_API_KEY", "openai"}, {"modelz", "MODELZ_API_KEY", "special"},
            {"canopywave", "CANOPYWAVE_API_KEY", "openai"}, {"sybil", "SYBIL_API_KEY", "openai"}, {"morpheus", "MORPHEUS_API_KEY", "openai"},
        };
        List<Gateway> gateways = new ArrayList<>();
        for (String[] g : gws) {
            boolean special = g[2].equals("special");
            gateways.add(new Gateway(g[0], g[0], "https://" + g[0] + ".example/v1", "", Protocol.fromWireName(g[2]), g[1], !special,
                    special ? "needs its own adapter" : "", "", Map.of(), g[0].equals("openrouter") ? 4 : 0, false));
        }
        String[] servers = {"openrouter", "together", "fireworks", "deepinfra", "groq", "featherless", "huggingface", "nebius", "novita", "openai", "anthropic", "xai", "cerebras", "chutes"};
        List<Model> ms = new ArrayList<>();
        for (int i = 0; i < models; i++) {
            String id = "maker" + (i % 7) + "/model-" + i;
            List<Offer> offers = new ArrayList<>();
            for (int k = 0; k < 1 + i % 4; k++) {
                String gw = servers[(i + k * 5) % servers.length];
                offers.add(new Offer(gw, id, gw.equals("groq") ? "model-" + i : id));
            }
            ms.add(new Model(id, null, Optional.empty(), i % 5 == 0, 32768, List.of(), offers));
        }
        return new Catalog(gateways, ms);
    }
}
