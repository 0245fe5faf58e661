package io.healthgate.config;

import io.healthgate.alerting.AlertSettings;
import io.healthgate.alerting.AlertSinks;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Protocol;
import io.healthgate.cleanup.CleanupSettings;
import io.healthgate.health.HealthSettings;
import io.healthgate.proxy.ProxySettings;
import io.healthgate.routing.BreakerSettings;
import io.healthgate.routing.RankKey;
import io.healthgate.catalog.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    private static HealthgateConfig yaml(String text) {
        return ConfigLoader.fromYaml(Optional.of(text), "config.yaml", Map.of());
    }

    private static HealthgateConfig yaml(String text, Map<String, String> env) {
        return ConfigLoader.fromYaml(Optional.of(text), "config.yaml", env);
    }

    private static String errorOf(String text) {
        return errorOf(text, Map.of());
    }

    private static String errorOf(String text, Map<String, String> env) {
        try {
            ConfigLoader.fromYaml(Optional.of(text), "config.yaml", env);
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a ConfigException for:\n" + text);
    }

    private static final String ONE_GATEWAY = """
            gateways:
              - { name: groq, base_url: "https://api.groq.com/openai/v1", protocol: openai, api_key_env: GROQ_API_KEY }
            models:
              - id: meta-llama/llama-3.3-70b-instruct
                provider: meta-llama
                tier: critical
                offers:
                  - { gateway: groq, model: llama-3.3-70b-versatile }
            """;

    @Test
    void shippedDefaultsEqualTheFeatureRecordsNamedConstants() {
        HealthgateConfig c = ConfigLoader.load(Optional.empty(), Map.of());
        assertThat(c.server()).isEqualTo(ServerConfig.defaults());
        assertThat(c.auth()).isEqualTo(AuthConfig.defaults());
        assertThat(c.storage()).isEqualTo(StorageConfig.defaults());
        assertThat(c.redis()).isEqualTo(RedisConfig.defaults());
        assertThat(c.monitoring()).isEqualTo(new HealthgateConfig.Monitoring(HealthgateConfig.Monitoring.DEFAULT_ENABLED, HealthSettings.defaults()));
        assertThat(c.routing().healthAware()).isEqualTo(HealthgateConfig.Routing.DEFAULT_HEALTH_AWARE);
        assertThat(c.routing().breaker()).isEqualTo(BreakerSettings.DEFAULTS);
        assertThat(c.routing().journey()).isEqualTo(ProxySettings.defaults());
        assertThat(c.alerting().rules()).isEqualTo(AlertSettings.defaults());
        assertThat(c.alerting().sinks()).isEqualTo(AlertSinks.Settings.of("", "", AlertSinks.Settings.DEFAULT_SENTRY_DSN_ENV));
        assertThat(c.cleanup()).isEqualTo(CleanupSettings.defaults());
    }

    @Test
    void theIssuesExampleShapeLoads() {
        HealthgateConfig c = yaml("""
                server:   { host: 127.0.0.1, port: 8080 }
                auth:     { client_keys_env: HEALTHGATE_API_KEYS, admin_key_env: HEALTHGATE_ADMIN_KEY }
                storage:  { url: "jdbc:sqlite:data/healthgate.db" }
                redis:    { url: "" }
                """ + ONE_GATEWAY + """
                monitoring:
                  enabled: true
                  tiers:
                    critical:  { interval_seconds: 300,   timeout_seconds: 30, max_tokens: 10 }
                    popular:   { interval_seconds: 1800,  timeout_seconds: 45, max_tokens: 10 }
                    standard:  { interval_seconds: 7200,  timeout_seconds: 60, max_tokens: 5 }
                    on_demand: { interval_seconds: 14400, timeout_seconds: 60, max_tokens: 5 }
                  batch_size: 10
                  batch_interval_seconds: 30
                routing:  { health_aware: true, max_attempts: 3 }
                alerting: { webhook_url: "", slack_webhook_url: "", sentry_dsn_env: SENTRY_DSN }
                """);
        assertThat(c.gateways()).singleElement().satisfies(g -> {
            assertThat(g.name()).isEqualTo("groq");
            assertThat(g.protocol()).isEqualTo(Protocol.OPENAI);
            assertThat(g.apiKeyEnv()).isEqualTo("GROQ_API_KEY");
        });
        assertThat(c.models()).singleElement().satisfies(m -> {
            assertThat(m.tier()).contains(Tier.CRITICAL);
            assertThat(m.offers()).singleElement().extracting(ModelConfig.OfferConfig::model).isEqualTo("llama-3.3-70b-versatile");
        });
        assertThat(c.hasOwnCatalog()).isTrue();
    }

    @Test
    void userFileOverridesDefaultsKeyByKey() {
        HealthgateConfig c = yaml("""
                server: { port: 9999 }
                monitoring:
                  tiers:
                    critical: { interval_seconds: 1 }
                routing:
                  breaker: { open_seconds: 5 }
                """);
        assertThat(c.server().port()).isEqualTo(9999);
        assertThat(c.server().host()).isEqualTo("127.0.0.1");
        assertThat(c.monitoring().health().tier(Tier.CRITICAL)).isEqualTo(new HealthSettings.TierSettings(Duration.ofSeconds(1), Duration.ofSeconds(30), 10));
        assertThat(c.monitoring().health().tier(Tier.POPULAR)).isEqualTo(new HealthSettings.TierSettings(Duration.ofSeconds(1800), Duration.ofSeconds(45), 10));
        assertThat(c.routing().breaker().openWait()).hasSeconds(5);
        assertThat(c.routing().breaker().consecutiveFailures()).isEqualTo(5);
        assertThat(c.hasOwnCatalog()).isFalse();
    }

    @Test
    void oneSecondIntervalsAndZeroBatchIntervalAreAccepted() {
        HealthgateConfig c = yaml("""
                monitoring:
                  tiers:
                    critical:  { interval_seconds: 1, timeout_seconds: 1 }
                    on_demand: { interval_seconds: 1 }
                  batch_interval_seconds: 0
                """);
        assertThat(c.monitoring().health().tier(Tier.CRITICAL).interval()).hasSeconds(1);
        assertThat(c.monitoring().health().tier(Tier.ON_DEMAND).interval()).hasSeconds(1);
        assertThat(c.monitoring().health().batchInterval()).isZero();
        assertThat(yaml("monitoring: { batch_interval_seconds: 1 }").monitoring().health().batchInterval()).hasSeconds(1);
    }

    @Test
    void intervalZeroIsRejectedWithKeyPathAndValue() {
        assertThat(errorOf("monitoring: { tiers: { popular: { interval_seconds: 0 } } }"))
                .isEqualTo("config.yaml: monitoring.tiers.popular.interval_seconds: must be >= 1, got 0");
    }

    @Test
    void storageOutageKeysBindAndBadOnesAreRejectedWithKeyPathAndValue() {
        StorageConfig st = yaml("storage: { replay_buffer_max: 10, reconnect_initial_ms: 50, reconnect_max_ms: 800 }").storage();
        assertThat(st.replayBufferMax()).isEqualTo(10);
        assertThat(st.reconnect()).isEqualTo(new io.healthgate.health.StoreLink.Backoff(java.time.Duration.ofMillis(50),
                java.time.Duration.ofMillis(800)));
        assertThat(yaml("{}").storage()).isEqualTo(StorageConfig.defaults());
        assertThat(errorOf("storage: { replay_buffer_max: 0 }"))
                .isEqualTo("config.yaml: storage.replay_buffer_max: must be >= 1, got 0");
        assertThat(errorOf("storage: { reconnect_initial_ms: 0 }"))
                .isEqualTo("config.yaml: storage.reconnect_initial_ms: must be >= 1, got 0");
        assertThat(errorOf("storage: { reconnect_initial_ms: 5000, reconnect_max_ms: 1000 }"))
                .isEqualTo("config.yaml: storage.reconnect_max_ms: must be >= storage.reconnect_initial_ms (5000), got 1000");
    }

    @Test
    void anomalyKeysBindAndBadOnesAreRejectedWithKeyPathAndValue() {
        io.healthgate.anomaly.DriftSettings d = yaml("monitoring: { anomaly: { enabled: false, ttfb_factor: 2.5, band_spreads: 3, "
                + "error_rate_rise: 0.1, cusum_threshold: 4, sustain_seconds: 45, min_samples: 12, baseline_half_life_seconds: 7200, "
                + "recent_half_life_seconds: 20, seasonal_after_days: 14 } }").monitoring().health().drift();
        assertThat(d).isEqualTo(new io.healthgate.anomaly.DriftSettings(false, 2.5, 3.0, 0.1, 4.0, java.time.Duration.ofSeconds(45), 12,
                java.time.Duration.ofHours(2), java.time.Duration.ofSeconds(20), java.time.Duration.ofDays(14)));
        assertThat(yaml("{}").monitoring().health().drift()).isEqualTo(io.healthgate.anomaly.DriftSettings.defaults());
        assertThat(errorOf("monitoring: { anomaly: { ttfb_factor: 1 } }"))
                .isEqualTo("config.yaml: monitoring.anomaly.ttfb_factor: must be > 1, got 1.0");
        assertThat(errorOf("monitoring: { anomaly: { min_samples: 0 } }"))
                .isEqualTo("config.yaml: monitoring.anomaly.min_samples: must be >= 1, got 0");
        assertThat(errorOf("monitoring: { anomaly: { recent_half_life_seconds: 4000 } }"))
                .contains("monitoring.anomaly.recent_half_life_seconds").contains("got 4000");
        assertThat(errorOf("monitoring: { anomaly: { sustain_second: 5 } }")).contains("monitoring.anomaly.sustain_second");
        assertThat(errorOf("monitoring: { anomaly: { seasonal_after_days: -1 } }"))
                .contains("monitoring.anomaly.seasonal_after_days").contains("got -1");
    }

    @Test
    void adaptiveProbingAndCanaryCompletionKeysBindAndBadOnesAreRejectedWithKeyPathAndValue() {
        io.healthgate.health.HealthSettings h = yaml("monitoring: { canary_completion_interval_seconds: 600, adaptive: { enabled: false, "
                + "stable_max_factor: 3.5, stable_after_probes: 5, hot_min_factor: 0.5 } }").monitoring().health();
        assertThat(h.adaptive()).isEqualTo(new io.healthgate.health.AdaptiveProbing.Settings(false, 3.5, 5, 0.5));
        assertThat(h.canaryCompletionInterval()).isEqualTo(java.time.Duration.ofSeconds(600));
        io.healthgate.health.HealthSettings defaults = yaml("{}").monitoring().health();
        assertThat(defaults.adaptive()).isEqualTo(io.healthgate.health.AdaptiveProbing.Settings.defaults());
        assertThat(defaults.canaryCompletionInterval()).isEqualTo(io.healthgate.health.HealthSettings.DEFAULT_CANARY_COMPLETION_INTERVAL);
        assertThat(errorOf("monitoring: { adaptive: { stable_max_factor: 4.5 } }"))
                .isEqualTo("config.yaml: monitoring.adaptive.stable_max_factor: must be between 1 and 4, got 4.5");
        assertThat(errorOf("monitoring: { adaptive: { hot_min_factor: 0.01 } }"))
                .isEqualTo("config.yaml: monitoring.adaptive.hot_min_factor: must be between 0.05 and 1, got 0.01");
        assertThat(errorOf("monitoring: { adaptive: { stable_after_probes: 0 } }"))
                .isEqualTo("config.yaml: monitoring.adaptive.stable_after_probes: must be >= 1, got 0");
        assertThat(errorOf("monitoring: { canary_completion_interval_seconds: -1 }"))
                .contains("monitoring.canary_completion_interval_seconds").contains("got -1");
        io.healthgate.health.HealthSettings env = ConfigLoader.load(java.util.Optional.empty(),
                java.util.Map.of("HEALTHGATE_MONITORING_ADAPTIVE_STABLE_MAX_FACTOR", "1.5")).monitoring().health();
        assertThat(env.adaptive().stableMaxFactor()).as("environment override").isEqualTo(1.5);
    }

    @Test
    void negativeBatchIntervalIsRejected() {
        assertThat(errorOf("monitoring: { batch_interval_seconds: -1 }"))
                .contains("monitoring.batch_interval_seconds").contains("got -1");
    }

    @Test
    void wrongTypeNamesFileKeyPathAndQuotedValue() {
        assertThat(errorOf("monitoring: { tiers: { critical: { timeout_seconds: abc } } }"))
                .isEqualTo("config.yaml: monitoring.tiers.critical.timeout_seconds: expected a whole number, got \"abc\"");
        assertThat(errorOf("server: { port: [1, 2] }")).isEqualTo("config.yaml: server.port: expected a whole number, got a list");
        assertThat(errorOf("monitoring: { enabled: maybe }")).contains("monitoring.enabled: expected true or false, got \"maybe\"");
        assertThat(errorOf("monitoring: { tiers: { critical: { timeout_seconds: 2.5 } } }")).contains("got 2.5");
    }

    @Test
    void unknownKeyIsAnErrorThatSuggestsTheClosestKnownKey() {
        assertThat(errorOf("server: { prot: 9090 }"))
                .isEqualTo("config.yaml: server.prot: unknown key; did you mean \"port\"?");
        assertThat(errorOf("monitoring: { batch_intervall_seconds: 3 }"))
                .contains("monitoring.batch_intervall_seconds: unknown key; did you mean \"batch_interval_seconds\"?");
        assertThat(errorOf("gateway: []")).contains("config.yaml: gateway: unknown key; did you mean \"gateways\"?");
        assertThat(errorOf("monitoring: { tiers: { critcal: { interval_seconds: 1 } } }"))
                .contains("monitoring.tiers.critcal: unknown key; did you mean \"critical\"?");
        assertThat(errorOf(ONE_GATEWAY.replace("api_key_env:", "api_key_evn: X, api_key_env:")))
                .contains("gateways[groq].api_key_evn: unknown key; did you mean \"api_key_env\"?");
    }

    @Test
    void badProtocolIsRejectedWithTheAllowedValues() {
        assertThat(errorOf(ONE_GATEWAY.replace("protocol: openai", "protocol: opnai")))
                .contains("config.yaml: gateways[groq].protocol: expected one of openai|anthropic|special, got \"opnai\" (did you mean \"openai\"?)");
    }

    @Test
    void badUrlIsRejected() {
        assertThat(errorOf(ONE_GATEWAY.replace("https://api.groq.com/openai/v1", "api.groq.com/openai/v1")))
                .contains("config.yaml: gateways[groq].base_url: expected an http:// or https:// URL, got \"api.groq.com/openai/v1\"");
        assertThat(errorOf(ONE_GATEWAY.replace("https://api.groq.com/openai/v1", "https://api.groq.com/openai/v1/chat/completions")))
                .contains("gateways[groq].base_url: expected everything before /chat/completions");
        assertThat(errorOf("alerting: { webhook_url: \"ftp://x\" }")).contains("alerting.webhook_url").contains("\"ftp://x\"");
    }

    @Test
    void passwordsInUrlsAreMaskedInMessages() {
        String msg = errorOf("storage: { url: \"postgres://bob:hunter2@db/x?password=hunter2\" }");
        assertThat(msg).contains("storage.url").doesNotContain("hunter2").contains("bob:***@");
    }

    @Test
    void duplicateGatewayIsRejected() {
        String text = ONE_GATEWAY.replace("gateways:\n", """
                gateways:
                  - { name: groq, base_url: "https://other.example/v1", protocol: openai, api_key_env: OTHER_KEY }
                """);
        assertThat(errorOf(text)).contains("config.yaml: gateways[groq].name: gateway \"groq\" is listed twice");
    }

    @Test
    void offerNamingAnUnknownGatewayIsRejected() {
        assertThat(errorOf(ONE_GATEWAY.replace("- { gateway: groq,", "- { gateway: grok,")))
                .contains("config.yaml: models[meta-llama/llama-3.3-70b-instruct].offers[grok].gateway: no gateway named \"grok\" is listed (did you mean \"groq\"?)");
    }

    @Test
    void emptyUpstreamModelIdAndDuplicateModelAreRejected() {
        assertThat(errorOf(ONE_GATEWAY.replace("model: llama-3.3-70b-versatile", "model: \"\"")))
                .contains("offers[groq].model: expected the gateway's own id for this model, got \"\"");
        String twice = ONE_GATEWAY + """
                  - id: meta-llama/llama-3.3-70b-instruct
                    offers: [{ gateway: groq, model: x }]
                """;
        assertThat(errorOf(twice)).contains("models[meta-llama/llama-3.3-70b-instruct].id: model \"meta-llama/llama-3.3-70b-instruct\" is listed twice");
    }

    @Test
    void modelsWithoutGatewaysAreRejected() {
        assertThat(errorOf("models: [{ id: a/b, offers: [{ gateway: groq, model: b }] }]"))
                .contains("config.yaml: models: models are listed without gateways");
    }

    @Test
    void badTierNameIsRejected() {
        assertThat(errorOf(ONE_GATEWAY.replace("tier: critical", "tier: hot")))
                .contains("models[meta-llama/llama-3.3-70b-instruct].tier: expected one of critical|popular|standard|on_demand, got \"hot\"");
    }

    @Test
    void everyProblemIsReportedInOneRun() {
        ConfigException e = (ConfigException) catchConfig("""
                server: { port: 70000 }
                monitoring: { batch_size: 0 }
                cleanup: { stale_dayz: 3 }
                """);
        assertThat(e.problems()).hasSize(3);
        assertThat(e.getMessage()).contains("server.port", "got 70000", "monitoring.batch_size", "cleanup.stale_dayz");
    }

    private static Exception catchConfig(String text) {
        try {
            yaml(text);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("no ConfigException");
    }

    @Test
    void environmentOverridesSingleValuesAfterTheFile() {
        HealthgateConfig c = yaml("server: { port: 9999 }", Map.of(
                "HEALTHGATE_SERVER_PORT", "9090",
                "HEALTHGATE_MONITORING_TIERS_ON_DEMAND_INTERVAL_SECONDS", "1",
                "HEALTHGATE_MONITORING_BATCH_INTERVAL_SECONDS", "0",
                "HEALTHGATE_ROUTING_HEALTH_AWARE", "false",
                "HEALTHGATE_ROUTING_RANK_BY", "latency,status",
                "HEALTHGATE_MONITORING_DEGRADED_ERROR_RATE", "0.2"));
        assertThat(c.server().port()).isEqualTo(9090);
        assertThat(c.monitoring().health().tier(Tier.ON_DEMAND).interval()).hasSeconds(1);
        assertThat(c.monitoring().health().batchInterval()).isZero();
        assertThat(c.routing().healthAware()).isFalse();
        assertThat(c.routing().journey().rankBy()).containsExactly(RankKey.LATENCY, RankKey.STATUS);
        assertThat(c.monitoring().health().degradedErrorRate()).isEqualTo(0.2);
    }

    @Test
    void badEnvironmentValueNamesTheVariable() {
        assertThat(errorOf("", Map.of("HEALTHGATE_SERVER_PORT", "abc")))
                .isEqualTo("HEALTHGATE_SERVER_PORT (environment): server.port: expected a whole number, got \"abc\"");
    }

    @Test
    void mistypedEnvironmentVariableInAKnownSectionIsAnErrorWithASuggestion() {
        assertThat(errorOf("", Map.of("HEALTHGATE_SERVER_PROT", "1")))
                .contains("HEALTHGATE_SERVER_PROT (environment)").contains("did you mean HEALTHGATE_SERVER_PORT?");
    }

    @Test
    void healthgateVariablesOutsideTheSectionsAreNotConfig() {
        HealthgateConfig c = yaml("", Map.of("HEALTHGATE_API_KEYS", "k1,k2", "HEALTHGATE_ADMIN_KEY", "x",
                "HEALTHGATE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1/test", "PATH", "/bin"));
        assertThat(c).isEqualTo(HealthgateConfig.defaults());
    }

    @Test
    void fileErrorsNameTheFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("config.yaml");
        Files.writeString(f, "server:\n  port: nope\n");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(f), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(f + ": server.port: expected a whole number, got \"nope\"");
        Files.writeString(f, "server: { port: 1\n");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(f), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith(f + ": line ").hasMessageContaining("not valid YAML");
        Files.writeString(f, "server: { port: 1 }\nserver: { port: 2 }\n");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(f), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(dir.resolve("nope.yaml")), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessage(dir.resolve("nope.yaml") + ": no such file");
    }

    @Test
    void emptyFileMeansDefaults(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("empty.yaml");
        Files.writeString(f, "# nothing\n");
        assertThat(ConfigLoader.load(Optional.of(f), Map.of())).isEqualTo(HealthgateConfig.defaults());
    }

    @Test
    void gatewayExtrasAreRead() {
        HealthgateConfig c = yaml("""
                gateways:
                  - name: cf
                    base_url: "https://api.cloudflare.com/client/v4/accounts/${CLOUDFLARE_ACCOUNT_ID}/ai/v1"
                    protocol: openai
                    api_key_env: CLOUDFLARE_API_TOKEN
                    headers: { X-Title: Healthgate, APP-Code: "${APP_CODE}" }
                    model_switches_per_minute: 4
                    max_completion_tokens: true
                    enabled: false
                    display_name: Cloudflare
                    models_url: ""
                models:
                  - id: a/b
                    aliases: [b]
                    reasoning: true
                    context_tokens: 8192
                    offers: [{ gateway: cf, model: "@cf/b" }]
                """);
        Gateway g = c.gateways().get(0);
        assertThat(g.headers()).containsEntry("APP-Code", "${APP_CODE}").hasSize(2);
        assertThat(g.modelSwitchesPerMinute()).isEqualTo(4);
        assertThat(g.maxCompletionTokens()).isTrue();
        assertThat(g.enabled()).isFalse();
        assertThat(g.displayName()).isEqualTo("Cloudflare");
        assertThat(c.models().get(0).aliases()).isEqualTo(List.of("b"));
        assertThat(c.models().get(0).reasoning()).isTrue();
        assertThat(c.models().get(0).contextTokens()).isEqualTo(8192);
    }
}
