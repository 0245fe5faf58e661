package io.healthgate.config;

import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Model;
import io.healthgate.catalog.Protocol;
import io.healthgate.catalog.Tier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code gateways:} and {@code models:} (from the user's file or the built-in catalog) and
 * checks what the catalog needs: unique names, URLs, protocols, offers on listed gateways,
 * non-empty upstream model ids.
 */
final class CatalogBinder {
    /** Gateway names are used in pins ({@code groq/llama-...}), so no slashes or spaces. */
    private static final Pattern GATEWAY_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
    private static final List<String> PROTOCOLS = Arrays.stream(Protocol.values()).map(Protocol::wireName).toList();

    static final List<String> KINDS = java.util.Arrays.stream(Model.Kind.values()).map(Model.Kind::wireName).toList();

    private CatalogBinder() {
    }

    static List<Gateway> gateways(Section root) {
        List<Gateway> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Section g : root.sections("gateways", "name")) {
            String name = g.matching("name", "", GATEWAY_NAME, false,
                    "a gateway name of lower-case letters, digits, '.', '_' or '-'");
            if (!name.isEmpty() && !seen.add(name)) {
                g.problem("name", "gateway " + Section.quote(name) + " is listed twice");
            }
            Protocol protocol = Protocol.fromWireName(g.oneOf("protocol", "openai", PROTOCOLS));
            String baseUrl = g.url("base_url", "", false);
            String suffix = protocol == Protocol.ANTHROPIC ? "/messages" : "/chat/completions";
            if (baseUrl.replaceAll("/+$", "").endsWith(suffix)) {
                g.problem("base_url", "expected everything before " + suffix + " (drop that suffix), got " + Section.quote(baseUrl));
            }
            Map<String, String> headers = g.stringMap("headers");
            headers.keySet().stream().filter(h -> !HEADER_NAME.matcher(h).matches()).forEach(h ->
                    g.problem("headers", "expected header names of letters, digits and -, got " + Section.quote(h)));
            out.add(new Gateway(
                    name.isEmpty() ? "#invalid" + out.size() : name,
                    g.string("display_name", ""),
                    baseUrl.isEmpty() ? "http://invalid" : baseUrl,
                    g.url("models_url", "", true),
                    protocol,
                    g.matching("api_key_env", "", SettingsBinder.ENV_NAME, false, SettingsBinder.ENV_NAME_WHAT),
                    g.bool("enabled", protocol != Protocol.SPECIAL),
                    g.string("disabled_reason", protocol == Protocol.SPECIAL && !g.has("enabled")
                            ? "protocol 'special': needs its own adapter, which does not exist yet" : ""),
                    g.string("notes", ""),
                    headers,
                    g.integer("model_switches_per_minute", 0, 0, Integer.MAX_VALUE, "a whole number >= 0 (0 = no limit)"),
                    g.bool("max_completion_tokens", false),
                    g.bool("responses_api", false),
                    g.bool("completions_api", false)));
            g.finish();
        }
        return out;
    }

    static List<ModelConfig> models(Section root, Set<String> gatewayNames) {
        List<ModelConfig> out = new ArrayList<>();
        Map<String, String> nameOwner = new HashMap<>();
        for (Section m : root.sections("models", "id")) {
            String id = m.requiredString("id", "a model id like meta-llama/llama-3.3-70b-instruct");
            if (!id.isEmpty()) {
                String owner = nameOwner.putIfAbsent(id, id);
                if (owner != null) {
                    m.problem("id", owner.equals(id) ? "model " + Section.quote(id) + " is listed twice"
                            : Section.quote(id) + " is already an alias of model " + Section.quote(owner));
                }
            }
            Optional<Tier> tier = Optional.empty();
            if (m.has("tier")) {
                tier = Optional.of(Tier.fromWireName(m.oneOf("tier", "standard", SettingsBinder.TIER_NAMES)));
            } else {
                m.string("tier", "");
            }
            List<String> aliases = m.strings("aliases", List.of(), a -> !a.isBlank(), "alias names");
            for (String a : aliases) {
                String owner = nameOwner.putIfAbsent(a, id);
                if (owner != null && !owner.equals(id)) {
                    m.problem("aliases", "alias " + Section.quote(a) + " already names model " + Section.quote(owner));
                }
            }
            List<ModelConfig.OfferConfig> offers = new ArrayList<>();
            Set<String> offerGateways = new HashSet<>();
            boolean offersGiven = m.has("offers");
            List<Section> offerSections = m.sections("offers", "gateway");
            for (Section o : offerSections) {
                String gw = o.requiredString("gateway", "the name of a listed gateway");
                String upstream = o.requiredString("model", "the gateway's own id for this model");
                if (!gw.isEmpty() && !gatewayNames.contains(gw)) {
                    String hint = Suggest.closest(gw, gatewayNames).map(x -> " (did you mean \"" + x + "\"?)").orElse("");
                    o.problem("gateway", "no gateway named " + Section.quote(gw) + " is listed" + hint);
                } else if (!gw.isEmpty() && !offerGateways.add(gw)) {
                    o.problem("gateway", "model " + Section.quote(id) + " has two offers on gateway " + Section.quote(gw));
                }
                String source = o.string("source", "");
                int offerDimensions = o.integer("dimensions", 0, 0, 1 << 20, "a vector length >= 0 (0 = the model's)");
                o.finish();
                if (!gw.isEmpty() && !upstream.isEmpty()) {
                    offers.add(new ModelConfig.OfferConfig(gw, upstream, source, offerDimensions));
                }
            }
            if (!offersGiven) {
                m.problem("offers", "missing; a model needs at least one offer (gateway and upstream model id)");
            } else if (offerSections.isEmpty()) {
                m.problem("offers", "expected at least one offer (gateway and upstream model id), got an empty list");
            }
            String provider = m.string("provider", "");
            Model.Kind kind = Model.Kind.fromWireName(m.oneOf("kind", "chat", KINDS));
            out.add(new ModelConfig(id.isEmpty() ? "#invalid" + out.size() : id, provider, tier, aliases,
                    m.bool("reasoning", false),
                    m.integer("context_tokens", 0, 0, Integer.MAX_VALUE, "a whole number of tokens >= 0 (0 = unknown)"),
                    offers, kind,
                    m.integer("dimensions", 0, 0, 1 << 20, "an embedding vector length >= 0 (0 = unknown)")));
            m.finish();
        }
        return out;
    }
}
