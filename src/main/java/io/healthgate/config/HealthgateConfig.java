package io.healthgate.config;

import java.util.List;
import java.util.Objects;

/**
 * The whole configuration: one YAML file whose shape (snake_case keys) is a contract other tools
 * rely on. Built by {@link ConfigLoader}: the shipped defaults, then the user's file key by key,
 * then single values from {@code HEALTHGATE_*} environment variables.
 *
 * @param gateways the file's own gateways; empty means the built-in catalog is used
 * @param models the file's own models (only with {@code gateways})
 */
public record HealthgateConfig(
        ServerConfig server,
        AuthConfig auth,
        StorageConfig storage,
        RedisConfig redis,
        List<GatewayConfig> gateways,
        List<ModelConfig> models,
        MonitoringConfig monitoring,
        RoutingConfig routing,
        AlertingConfig alerting,
        CleanupConfig cleanup) {

    public HealthgateConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(monitoring, "monitoring");
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(alerting, "alerting");
        Objects.requireNonNull(cleanup, "cleanup");
        gateways = gateways == null ? List.of() : List.copyOf(gateways);
        models = models == null ? List.of() : List.copyOf(models);
    }

    /** Every default, from the named constants; equal to loading the shipped defaults file alone. */
    public static HealthgateConfig defaults() {
        return new HealthgateConfig(ServerConfig.defaults(), AuthConfig.defaults(), StorageConfig.defaults(),
                RedisConfig.defaults(), List.of(), List.of(), MonitoringConfig.defaults(), RoutingConfig.defaults(),
                AlertingConfig.defaults(), CleanupConfig.defaults());
    }

    /** True when the file lists its own gateways, which then replace the built-in catalog entirely. */
    public boolean hasOwnCatalog() {
        return !gateways.isEmpty();
    }
}
