package io.healthgate.catalog;

import java.util.Map;
import java.util.Objects;

/**
 * An upstream API we may hold a key for: one entry of {@code gateways:} in the configuration (read
 * with {@code ${ENV}} placeholders as written, then filled from the environment).
 *
 * @param baseUrl everything before {@code /chat/completions} (openai) or {@code /messages} (anthropic)
 * @param modelsUrl where the gateway lists its models, or empty when it has no list endpoint
 * @param enabled false for {@link Protocol#SPECIAL} gateways and gateways switched off in config
 * @param disabledReason why it is disabled, empty when enabled
 * @param headers extra headers every upstream call carries (values may reference env vars as ${NAME})
 * @param modelSwitchesPerMinute probe rate limit in distinct models a minute (0 = none)
 * @param maxCompletionTokens true when the gateway wants {@code max_completion_tokens} instead of {@code max_tokens}
 * @param responsesApi true when the gateway serves the OpenAI Responses API ({@code /responses}) itself:
 *     Responses requests are passed through; otherwise they are translated to chat (or messages)
 * @param completionsApi true when the gateway serves legacy completions ({@code /completions}) itself;
 *     otherwise they are translated to chat (or messages)
 */
public record Gateway(
        String name,
        String displayName,
        String baseUrl,
        String modelsUrl,
        Protocol protocol,
        String apiKeyEnv,
        boolean enabled,
        String disabledReason,
        String notes,
        Map<String, String> headers,
        int modelSwitchesPerMinute,
        boolean maxCompletionTokens,
        boolean responsesApi,
        boolean completionsApi) {

    public Gateway {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(protocol, "protocol");
        displayName = displayName == null || displayName.isBlank() ? name : displayName;
        modelsUrl = modelsUrl == null ? "" : modelsUrl;
        apiKeyEnv = apiKeyEnv == null ? "" : apiKeyEnv;
        disabledReason = disabledReason == null ? "" : disabledReason;
        notes = notes == null ? "" : notes;
        // In file order: the order headers are listed in is the order they are sent.
        headers = headers == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
        if (modelSwitchesPerMinute < 0) {
            throw new IllegalArgumentException("model_switches_per_minute must be >= 0, got " + modelSwitchesPerMinute);
        }
    }

    /** A gateway that serves chat (and embeddings) only: Responses and legacy completions are translated for it. */
    public Gateway(String name, String displayName, String baseUrl, String modelsUrl, Protocol protocol, String apiKeyEnv,
                   boolean enabled, String disabledReason, String notes, Map<String, String> headers,
                   int modelSwitchesPerMinute, boolean maxCompletionTokens) {
        this(name, displayName, baseUrl, modelsUrl, protocol, apiKeyEnv, enabled, disabledReason, notes, headers,
                modelSwitchesPerMinute, maxCompletionTokens, false, false);
    }

    /** This gateway, serving the Responses API and legacy completions itself as given. */
    public Gateway withApis(boolean responses, boolean completions) {
        return new Gateway(name, displayName, baseUrl, modelsUrl, protocol, apiKeyEnv, enabled, disabledReason, notes, headers,
                modelSwitchesPerMinute, maxCompletionTokens, responses, completions);
    }

    /** A minimal enabled gateway, handy in tests. */
    public static Gateway of(String name, String baseUrl, Protocol protocol, String apiKeyEnv) {
        return new Gateway(name, name, baseUrl, "", protocol, apiKeyEnv, true, "", "", Map.of(), 0, false);
    }
}
