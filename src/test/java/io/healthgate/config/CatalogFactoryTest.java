package io.healthgate.config;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogFactoryTest {

    @Test
    void withoutGatewaysInTheFileTheBuiltInCatalogIsUsed() {
        Catalog c = CatalogFactory.build(HealthgateConfig.defaults(), Map.of());
        assertThat(c.gateways()).hasSize(31);
        assertThat(c.models()).hasSize(117); // 115 chat models and 2 embedding models
    }

    @Test
    void aFileWithGatewaysUsesExactlyThose() {
        HealthgateConfig cfg = ConfigLoader.fromYaml(Optional.of("""
                gateways:
                  - { name: sim, base_url: "http://127.0.0.1:9/gw/sim/v1", protocol: openai, api_key_env: SIM_KEY }
                models:
                  - { id: a/b, offers: [{ gateway: sim, model: b }] }
                """), "config.yaml", Map.of());
        Catalog c = CatalogFactory.build(cfg, Map.of());
        assertThat(c.gateways()).extracting(Gateway::name).containsExactly("sim");
        assertThat(c.models()).hasSize(1);
    }

    @Test
    void placeholdersAreFilledFromTheEnvironment() {
        Catalog c = CatalogFactory.build(HealthgateConfig.defaults(),
                Map.of("CLOUDFLARE_ACCOUNT_ID", "acc123", "AIHUBMIX_APP_CODE", "code9"));
        assertThat(c.gateway("cloudflare-workers-ai").orElseThrow().baseUrl())
                .isEqualTo("https://api.cloudflare.com/client/v4/accounts/acc123/ai/v1");
        assertThat(c.gateway("aihubmix").orElseThrow().headers()).containsEntry("APP-Code", "code9");
    }

    @Test
    void aGatewayWithAnUnsetPlaceholderStaysListedAndSaysSo() {
        Catalog c = CatalogFactory.build(HealthgateConfig.defaults(), Map.of());
        Gateway cf = c.gateway("cloudflare-workers-ai").orElseThrow();
        assertThat(cf.baseUrl()).contains("${CLOUDFLARE_ACCOUNT_ID}");
        assertThat(cf.notes()).contains("base_url needs CLOUDFLARE_ACCOUNT_ID, which is not set");
        Gateway hub = c.gateway("aihubmix").orElseThrow();
        assertThat(hub.headers()).doesNotContainKey("APP-Code");
        assertThat(hub.notes()).contains("header APP-Code left off: AIHUBMIX_APP_CODE is not set");
    }
}
