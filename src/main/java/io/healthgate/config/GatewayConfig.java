package io.healthgate.config;

import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Protocol;

import java.util.Map;
import java.util.Objects;

/**
 * One entry of {@code gateways:}, as written (placeholders such as {@code ${CLOUDFLARE_ACCOUNT_ID}}
 * not yet filled; {@link CatalogFactory} fills them).
 *
 * @param baseUrl everything before {@code /chat/completions} (openai) or {@code /messages} (anthropic)
 * @param modelsUrl the gateway's models list, "" when it has none
 * @param headers extra headers on every upstream call; values may say {@code ${ENV_NAME}}
 * @param modelSwitchesPerMinute distinct models a minute the gateway tolerates (0 = no limit)
 * @param maxCompletionTokens true when the gateway wants {@code max_completion_tokens}
 */
public record GatewayConfig(
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
        boolean maxCompletionTokens) {

    public GatewayConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(protocol, "protocol");
        displayName = displayName == null || displayName.isBlank() ? name : displayName;
        modelsUrl = modelsUrl == null ? "" : modelsUrl;
        apiKeyEnv = apiKeyEnv == null ? "" : apiKeyEnv;
        disabledReason = disabledReason == null ? "" : disabledReason;
        notes = notes == null ? "" : notes;
        headers = headers == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
    }

    /** The catalog gateway, exactly as written (placeholders unfilled). */
    public Gateway toGateway() {
        return new Gateway(name, displayName, baseUrl, modelsUrl, protocol, apiKeyEnv, enabled, disabledReason,
                notes, headers, modelSwitchesPerMinute, maxCompletionTokens);
    }
}
