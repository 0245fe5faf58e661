package io.healthgate.config;

import io.healthgate.alerting.AlertSettings;
import io.healthgate.alerting.AlertSinks;
import io.healthgate.catalog.Gateway;
import io.healthgate.cleanup.CleanupSettings;
import io.healthgate.sla.SlaSettings;
import io.healthgate.health.HealthSettings;
import io.healthgate.proxy.ProxySettings;
import io.healthgate.routing.BreakerSettings;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The whole configuration: one YAML file whose shape (snake_case keys) is a contract other tools
 * rely on. Built by {@link ConfigLoader}: the shipped defaults, then the user's file key by key,
 * then single values from {@code HEALTHGATE_*} environment variables. Each feature section is
 * read straight into the feature's own settings record, which holds its defaults and its rules.
 *
 * @param gateways the file's own gateways, as written (placeholders unfilled); empty means the
 *     built-in catalog is used
 * @param models the file's own models (only with {@code gateways})
 * @param sla SLA targets and how long the outcome history is kept ({@code sla:}, {@code storage.history_retention_days})
 * @param values every leaf key path of the settings sections with its value as text, in file order
 *     (what a reload compares to say which settings need a restart)
 */
public record HealthgateConfig(
        ServerConfig server,
        AuthConfig auth,
        StorageConfig storage,
        RedisConfig redis,
        List<Gateway> gateways,
        List<ModelConfig> models,
        Monitoring monitoring,
        Routing routing,
        Alerting alerting,
        CleanupSettings cleanup,
        SlaSettings sla,
        Map<String, String> values) {

    /** {@code monitoring:} (and the writer's {@code storage.*} keys) for the health feature. */
    public record Monitoring(boolean enabled, HealthSettings health) {
        public static final boolean DEFAULT_ENABLED = true;

        public Monitoring {
            Objects.requireNonNull(health, "health");
        }
    }

    /** {@code routing:} for the journey (attempts, deadlines, hedging, ranking) and the breakers. */
    public record Routing(boolean healthAware, ProxySettings journey, BreakerSettings breaker,
                          io.healthgate.routing.RecoveryTrials.Backoff trialBackoff) {
        public static final boolean DEFAULT_HEALTH_AWARE = true;

        public Routing {
            Objects.requireNonNull(journey, "journey");
            Objects.requireNonNull(breaker, "breaker");
            Objects.requireNonNull(trialBackoff, "trialBackoff");
        }

        /** With the default recovery-trial backoff. */
        public Routing(boolean healthAware, ProxySettings journey, BreakerSettings breaker) {
            this(healthAware, journey, breaker, io.healthgate.routing.RecoveryTrials.Backoff.DEFAULTS);
        }
    }

    /** {@code alerting:} where alerts go and the thresholds that fire them. */
    public record Alerting(AlertSinks.Settings sinks, AlertSettings rules) {
        public Alerting {
            Objects.requireNonNull(sinks, "sinks");
            Objects.requireNonNull(rules, "rules");
        }
    }

    public HealthgateConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(monitoring, "monitoring");
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(alerting, "alerting");
        Objects.requireNonNull(cleanup, "cleanup");
        Objects.requireNonNull(sla, "sla");
        gateways = gateways == null ? List.of() : List.copyOf(gateways);
        models = models == null ? List.of() : List.copyOf(models);
        values = values == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    }

    /** The shipped defaults file alone (no user file, no environment). */
    public static HealthgateConfig defaults() {
        return ConfigLoader.load(java.util.Optional.empty(), Map.of());
    }

    /** True when the file lists its own gateways, which then replace the built-in catalog entirely. */
    public boolean hasOwnCatalog() {
        return !gateways.isEmpty();
    }

    public HealthgateConfig withServer(ServerConfig s) {
        return new HealthgateConfig(s, auth, storage, redis, gateways, models, monitoring, routing, alerting, cleanup, sla, values);
    }

    public HealthgateConfig withAuth(AuthConfig a) {
        return new HealthgateConfig(server, a, storage, redis, gateways, models, monitoring, routing, alerting, cleanup, sla, values);
    }

    public HealthgateConfig withStorage(StorageConfig s) {
        return new HealthgateConfig(server, auth, s, redis, gateways, models, monitoring, routing, alerting, cleanup, sla, values);
    }

    public HealthgateConfig withRedis(RedisConfig r) {
        return new HealthgateConfig(server, auth, storage, r, gateways, models, monitoring, routing, alerting, cleanup, sla, values);
    }

    public HealthgateConfig withMonitoring(Monitoring m) {
        return new HealthgateConfig(server, auth, storage, redis, gateways, models, m, routing, alerting, cleanup, sla, values);
    }

    public HealthgateConfig withAlerting(Alerting a) {
        return new HealthgateConfig(server, auth, storage, redis, gateways, models, monitoring, routing, a, cleanup, sla, values);
    }

    public HealthgateConfig withRouting(Routing r) {
        return new HealthgateConfig(server, auth, storage, redis, gateways, models, monitoring, r, alerting, cleanup, sla, values);
    }
}
