package io.healthgate.config;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Model;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The drop-in keys: CORS origins, which APIs a gateway serves itself, model kinds and vector lengths. */
class DropInConfigTest {

    private static HealthgateConfig load(String yaml) {
        return ConfigLoader.fromYaml(Optional.of(yaml), "config.yaml", Map.of());
    }

    @Test
    void corsIsOffByDefaultAndListsTheOriginsItAllows() {
        assertThat(HealthgateConfig.defaults().server().corsAllowedOrigins()).isEmpty();
        assertThat(load("server: { cors: { allowed_origins: [\"https://app.example.com\", \"http://localhost:3000\"] } }")
                .server().corsAllowedOrigins()).containsExactly("https://app.example.com", "http://localhost:3000");
        assertThatThrownBy(() -> load("server: { cors: { allowed_origins: [\"app.example.com/path\"] } }"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.cors.allowed_origins").hasMessageContaining("app.example.com/path");
    }

    @Test
    void gatewaysSayWhichApisTheyServeAndModelsTheirKindAndDimensions() {
        HealthgateConfig cfg = load("""
                gateways:
                  - { name: up, base_url: "http://127.0.0.1:9/v1", protocol: openai, api_key_env: UP_KEY, responses_api: true, completions_api: true }
                  - { name: plain, base_url: "http://127.0.0.1:9/p/v1", protocol: openai, api_key_env: P_KEY }
                models:
                  - { id: acme/embed, kind: embedding, dimensions: 768, offers: [{ gateway: up, model: e }, { gateway: plain, model: e2, dimensions: 512 }] }
                  - { id: acme/chat, offers: [{ gateway: plain, model: c }] }
                """);
        Catalog c = CatalogFactory.build(cfg, Map.of());
        assertThat(c.gateway("up").orElseThrow().responsesApi()).isTrue();
        assertThat(c.gateway("up").orElseThrow().completionsApi()).isTrue();
        assertThat(c.gateway("plain").orElseThrow().responsesApi()).isFalse();
        Model embed = c.model("acme/embed").orElseThrow();
        assertThat(embed.kind()).isEqualTo(Model.Kind.EMBEDDING);
        assertThat(embed.dimensions(embed.offers().get(0))).isEqualTo(768);
        assertThat(embed.dimensions(embed.offers().get(1))).isEqualTo(512);
        assertThat(c.model("acme/chat").orElseThrow().kind()).isEqualTo(Model.Kind.CHAT);
        assertThatThrownBy(() -> load("""
                gateways:
                  - { name: up, base_url: "http://127.0.0.1:9/v1", protocol: openai, api_key_env: UP_KEY }
                models:
                  - { id: acme/x, kind: image, offers: [{ gateway: up, model: x }] }
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("kind");
    }
}
