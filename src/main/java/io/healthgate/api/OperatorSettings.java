package io.healthgate.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may see and change what, for the operator endpoints.
 *
 * @param protectHealth when true the health views, the dashboard data and /metrics need a client
 *     key ({@code auth.protect_health}); liveness and readiness never do
 * @param clientKeys accepted client keys (from {@code auth.client_keys_env}); with none, protection is moot
 * @param adminKey the admin key (from the env var named by {@code auth.admin_key_env}); empty
 *     disables every {@code /admin} endpoint
 * @param adminKeyEnv that env var's name, so the "disabled" answer can say how to enable it
 */
public record OperatorSettings(boolean protectHealth, List<String> clientKeys, Optional<String> adminKey, String adminKeyEnv) {
    public OperatorSettings {
        clientKeys = clientKeys == null ? List.of() : clientKeys.stream().map(String::trim).filter(k -> !k.isEmpty()).toList();
        adminKey = adminKey == null ? Optional.empty() : adminKey.map(String::trim).filter(k -> !k.isEmpty());
        Objects.requireNonNull(adminKeyEnv, "adminKeyEnv");
    }

    /** Open health views, admin disabled and no variable named that would enable it. */
    public static OperatorSettings open() {
        return new OperatorSettings(false, List.of(), Optional.empty(), "");
    }

    /** Reads the admin key from {@code env[adminKeyEnv]}. */
    public static OperatorSettings from(boolean protectHealth, List<String> clientKeys, String adminKeyEnv, java.util.Map<String, String> env) {
        return new OperatorSettings(protectHealth, clientKeys, Optional.ofNullable(env.get(adminKeyEnv)), adminKeyEnv);
    }

    @Override
    public String toString() {
        // Never print the keys themselves.
        return "OperatorSettings[protectHealth=" + protectHealth + ", clientKeys=" + clientKeys.size() + " key(s), admin="
                + (adminKey.isPresent() ? "enabled" : "disabled") + " (" + adminKeyEnv + ")]";
    }
}
