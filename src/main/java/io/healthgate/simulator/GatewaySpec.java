package io.healthgate.simulator;

import io.healthgate.catalog.Protocol;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One simulated gateway.
 *
 * @param protocol {@code openai} or {@code anthropic}; {@code special} gateways are served with
 *     the OpenAI protocol (so they can be called at all) and stay disabled in {@link Scenario#toCatalog}
 * @param apiKeyEnv the env var the gateway's catalog entry reads its key from
 * @param apiKey the (fake) key the simulator accepts
 * @param enabled false for gateways the catalog lists but disables (specials); absent means true
 * @param modelSwitchesPerMinute what the catalog tells the prober (the enforced limit is in {@code behaviour})
 * @param behaviour gateway-wide behaviour (latency overhead, faults, outages, model-switch limit)
 * @param responsesApi true: the gateway serves {@code POST /v1/responses} (OpenAI protocol only); else 404 there
 * @param logprobs true: the gateway returns {@code logprobs} when asked; else such a request gets a 400
 */
public record GatewaySpec(
        String name,
        String displayName,
        Protocol protocol,
        String apiKeyEnv,
        String apiKey,
        Boolean enabled,
        String disabledReason,
        String notes,
        int modelSwitchesPerMinute,
        boolean maxCompletionTokens,
        Behaviour behaviour,
        List<OfferSpec> offers,
        boolean responsesApi,
        boolean logprobs) {

    public GatewaySpec {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("gateway name must be letters, digits, '.', '_' or '-', got '" + name + "'");
        }
        displayName = displayName == null || displayName.isBlank() ? name : displayName;
        protocol = protocol == null ? Protocol.OPENAI : protocol;
        apiKeyEnv = apiKeyEnv == null ? "" : apiKeyEnv;
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("gateway '" + name + "' needs the api_key the simulator expects");
        }
        enabled = enabled == null || enabled;
        disabledReason = disabledReason == null ? "" : disabledReason;
        notes = notes == null ? "" : notes;
        behaviour = behaviour == null ? Behaviour.NORMAL : behaviour;
        offers = offers == null ? List.of() : List.copyOf(offers);
        Set<String> upstreams = new HashSet<>();
        Set<String> models = new HashSet<>();
        for (OfferSpec o : offers) {
            if (!upstreams.add(o.upstream())) {
                throw new IllegalArgumentException("gateway '" + name + "' lists upstream model '" + o.upstream() + "' twice");
            }
            if (!models.add(o.model())) {
                throw new IllegalArgumentException("gateway '" + name + "' lists model '" + o.model() + "' twice");
            }
        }
    }

    /** A gateway that serves neither the Responses API nor logprobs. */
    public GatewaySpec(String name, String displayName, Protocol protocol, String apiKeyEnv, String apiKey, Boolean enabled,
                       String disabledReason, String notes, int modelSwitchesPerMinute, boolean maxCompletionTokens,
                       Behaviour behaviour, List<OfferSpec> offers) {
        this(name, displayName, protocol, apiKeyEnv, apiKey, enabled, disabledReason, notes, modelSwitchesPerMinute,
                maxCompletionTokens, behaviour, offers, false, false);
    }

    /** An enabled gateway with normal behaviour and no offers yet. */
    public static GatewaySpec of(String name, Protocol protocol, String apiKeyEnv, String apiKey) {
        return new GatewaySpec(name, name, protocol, apiKeyEnv, apiKey, true, "", "", 0, false, Behaviour.NORMAL, List.of());
    }

    /** This gateway, serving the Responses API and logprobs as given. */
    public GatewaySpec withFeatures(boolean responsesApi, boolean logprobs) {
        return new GatewaySpec(name, displayName, protocol, apiKeyEnv, apiKey, enabled, disabledReason, notes,
                modelSwitchesPerMinute, maxCompletionTokens, behaviour, offers, responsesApi, logprobs);
    }

    /** The protocol the simulator speaks for this gateway. */
    public Protocol servedProtocol() {
        return protocol == Protocol.ANTHROPIC ? Protocol.ANTHROPIC : Protocol.OPENAI;
    }

    public GatewaySpec withBehaviour(Behaviour b) {
        return new GatewaySpec(name, displayName, protocol, apiKeyEnv, apiKey, enabled, disabledReason, notes,
                modelSwitchesPerMinute, maxCompletionTokens, b, offers, responsesApi, logprobs);
    }

    public GatewaySpec withOffers(List<OfferSpec> o) {
        return new GatewaySpec(name, displayName, protocol, apiKeyEnv, apiKey, enabled, disabledReason, notes,
                modelSwitchesPerMinute, maxCompletionTokens, behaviour, o, responsesApi, logprobs);
    }
}
