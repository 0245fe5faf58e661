package io.healthgate.config;

import io.healthgate.catalog.Model;
import io.healthgate.routing.AdaptiveDeadlines;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The keys of issue 12 as a file states them: deadlines, stream rescue and model fallbacks. */
class RescueSettingsTest {
    private static final String CATALOG = """
            gateways:
              - { name: groq, base_url: "https://api.groq.com/openai/v1", protocol: openai, api_key_env: GROQ_API_KEY }
            models:
              - id: small
                fallback_models: [big]
                stream_rescue: false
                offers: [{ gateway: groq, model: small-1 }]
              - id: big
                offers: [{ gateway: groq, model: big-1 }]
            """;

    private static HealthgateConfig yaml(String text) {
        return ConfigLoader.fromYaml(Optional.of(text), "config.yaml", Map.of());
    }

    @Test
    void theDefaultsAreTheRecordsNamedConstants() {
        HealthgateConfig c = ConfigLoader.load(Optional.empty(), Map.of());
        assertThat(c.routing().journey().adaptive()).isEqualTo(AdaptiveDeadlines.DEFAULTS);
        assertThat(c.routing().journey().idleTimeout()).hasSeconds(60);
        assertThat(c.routing().journey().streamRescue()).isFalse();
    }

    @Test
    void routingKeysReachTheJourney() {
        HealthgateConfig c = yaml("""
                routing:
                  first_token: { adaptive: false, floor_seconds: 2, p99_factor: 2.5, min_samples: 50 }
                  stream_idle_seconds: 15
                  stream_idle_floor_seconds: 4
                  stream_rescue: true
                """);
        assertThat(c.routing().journey().adaptive())
                .isEqualTo(new AdaptiveDeadlines(false, Duration.ofSeconds(2), 2.5, 50, Duration.ofSeconds(4)));
        assertThat(c.routing().journey().idleTimeout()).hasSeconds(15);
        assertThat(c.routing().journey().streamRescue()).isTrue();
    }

    @Test
    void outOfRangeValuesNameTheirKey() {
        assertThatThrownBy(() -> yaml("routing: { stream_idle_seconds: 0 }"))
                .hasMessageContaining("config.yaml: routing.stream_idle_seconds: must be positive, got 0");
        assertThatThrownBy(() -> yaml("routing: { first_token: { p99_factor: 0.5 } }"))
                .hasMessageContaining("config.yaml: routing.first_token.p99_factor: must be >= 1, got 0.5");
        assertThatThrownBy(() -> yaml("routing: { first_token: { floor: 3 } }"))
                .hasMessageContaining("routing.first_token.floor: unknown key; known keys: adaptive, floor_seconds, p99_factor, min_samples");
    }

    @Test
    void recoveryTrialBackoffIsTwoRoutingKeysCheckedOnce() {
        assertThat(ConfigLoader.load(Optional.empty(), Map.of()).routing().trialBackoff())
                .isEqualTo(io.healthgate.routing.RecoveryTrials.Backoff.DEFAULTS);
        HealthgateConfig c = yaml("routing: { recovery_trial_initial_seconds: 3, recovery_trial_max_seconds: 12 }");
        assertThat(c.routing().trialBackoff())
                .isEqualTo(new io.healthgate.routing.RecoveryTrials.Backoff(Duration.ofSeconds(3), Duration.ofSeconds(12)));
        assertThatThrownBy(() -> yaml("routing: { recovery_trial_initial_seconds: 0 }"))
                .hasMessageContaining("config.yaml: routing.recovery_trial_initial_seconds: must be positive, got 0");
        assertThatThrownBy(() -> yaml("routing: { recovery_trial_initial_seconds: 30, recovery_trial_max_seconds: 20 }"))
                .hasMessageContaining("routing.recovery_trial_max_seconds: must be >= routing.recovery_trial_initial_seconds (30), got 20");
    }

    @Test
    void aModelNamesItsFallbacksAndItsOwnRescueSetting() {
        HealthgateConfig c = yaml(CATALOG);
        Model small = c.models().stream().filter(m -> m.id().equals("small")).findFirst().orElseThrow().toModel();
        assertThat(small.fallbackModels()).containsExactly("big");
        assertThat(small.streamRescue()).contains(false);
        Model big = c.models().stream().filter(m -> m.id().equals("big")).findFirst().orElseThrow().toModel();
        assertThat(big.fallbackModels()).isEmpty();
        assertThat(big.streamRescue()).isEmpty();
    }

    @Test
    void aFallbackNamingAnUnlistedModelIsRejected() {
        assertThatThrownBy(() -> yaml(CATALOG.replace("fallback_models: [big]", "fallback_models: [bog]")))
                .hasMessageContaining("config.yaml: models[small].fallback_models: no model named \"bog\" is listed (did you mean \"big\"?)");
        assertThatThrownBy(() -> yaml(CATALOG.replace("fallback_models: [big]", "fallback_models: [small]")))
                .hasMessageContaining("models[small].fallback_models");
    }
}
