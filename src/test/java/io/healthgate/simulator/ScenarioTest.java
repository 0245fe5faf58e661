package io.healthgate.simulator;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Protocol;
import io.healthgate.catalog.Tier;
import io.healthgate.support.TestFleets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioTest {
    static final String YAML = """
            seed: 9
            time_scale: 0.5
            demo_environment: { GROQ_API_KEY: sim-fake-groq }
            models:
              - { id: meta-llama/llama-3.3-70b-instruct, tier: critical }
            gateways:
              - name: groq
                protocol: openai
                api_key_env: GROQ_API_KEY
                api_key: sim-fake-groq
                behaviour: { first_byte_ms: 40, model_switches_per_minute: 4 }
                offers:
                  - model: meta-llama/llama-3.3-70b-instruct
                    upstream: llama-3.3-70b-versatile
                    behaviour:
                      fault: "429"
                      retry_after_seconds: 5
                      outages: [ { start_seconds: 30, duration_seconds: 60, fault: overloaded } ]
              - name: anthropic
                protocol: anthropic
                api_key_env: ANTHROPIC_API_KEY
                api_key: sim-fake-anthropic
                offers: [ { model: anthropic/claude-sonnet-4, upstream: claude-sonnet-4-20250514 } ]
            """;

    @Test
    void aYamlScenarioReadsWithEveryBehaviourKey() {
        Scenario s = Scenario.parse(YAML);
        assertThat(s.seed()).isEqualTo(9);
        assertThat(s.timeScale()).isEqualTo(0.5);
        GatewaySpec groq = s.gateway("groq").orElseThrow();
        assertThat(groq.behaviour().firstByteMs()).isEqualTo(40);
        assertThat(groq.behaviour().modelSwitchesPerMinute()).isEqualTo(4);
        assertThat(groq.enabled()).isTrue();
        Behaviour b = groq.offers().get(0).behaviour();
        assertThat(b.fault()).isEqualTo(Fault.RATE_LIMITED);
        assertThat(b.retryAfterSeconds()).isEqualTo(5);
        assertThat(b.outages()).containsExactly(new Outage(30, 60, Fault.OVERLOADED));
        assertThat(s.gateway("anthropic").orElseThrow().servedProtocol()).isEqualTo(Protocol.ANTHROPIC);
    }

    @Test
    void aScenarioSurvivesAYamlRoundTrip() {
        Scenario s = Scenario.parse(YAML);
        assertThat(Scenario.parse(s.toYaml())).isEqualTo(s);
        Scenario small = TestFleets.small();
        assertThat(Scenario.parse(small.toYaml())).isEqualTo(small);
    }

    @Test
    void errorsNameTheFileTheKeyPathAndTheBadValue(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, YAML.replace("fault: overloaded", "fault: melted"));
        assertThatThrownBy(() -> Scenario.load(f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("gateways[0].offers[0].behaviour.outages[0].fault")
                .hasMessageContaining("melted");
        Files.writeString(f, YAML.replace("first_byte_ms: 40", "first_byte: 40"));
        assertThatThrownBy(() -> Scenario.load(f)).hasMessageContaining("gateways[0].behaviour").hasMessageContaining("first_byte");
        Files.writeString(f, YAML.replace("first_byte_ms: 40", "first_byte_ms: -1"));
        assertThatThrownBy(() -> Scenario.load(f)).hasMessageContaining("first_byte_ms must be >= 0, got -1");
        assertThatThrownBy(() -> Scenario.load(dir.resolve("missing.yaml"))).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> Scenario.parse(YAML.replace("api_key: sim-fake-anthropic", "")))
                .hasMessageContaining("anthropic").hasMessageContaining("api_key");
    }

    @Test
    void toCatalogPointsEveryGatewayAtTheSimulator() {
        Catalog c = TestFleets.small().toCatalog("http://127.0.0.1:9999/");
        assertThat(c.gateways()).hasSize(3);
        assertThat(c.gateway("groq").orElseThrow().baseUrl()).isEqualTo("http://127.0.0.1:9999/gw/groq/v1");
        assertThat(c.gateway("groq").orElseThrow().modelsUrl()).isEqualTo("http://127.0.0.1:9999/gw/groq/v1/models");
        assertThat(c.gateway("anthropic").orElseThrow().protocol()).isEqualTo(Protocol.ANTHROPIC);
        assertThat(c.gateway("groq").orElseThrow().apiKeyEnv()).isEqualTo("GROQ_API_KEY");
        assertThat(c.model(TestFleets.LLAMA).orElseThrow().offers()).extracting(o -> o.gateway() + "=" + o.upstreamModel())
                .containsExactly("groq=llama-3.3-70b-versatile", "together=meta-llama/Llama-3.3-70B-Instruct-Turbo");
        assertThat(c.model(TestFleets.LLAMA).orElseThrow().tier()).contains(Tier.CRITICAL);
        assertThat(c.model(TestFleets.O3).orElseThrow().reasoning()).isTrue();
        assertThat(c.resolve("llama-3.3-70b")).isPresent();
        assertThat(TestFleets.small().demoEnvironment()).containsEntry("GROQ_API_KEY", TestFleets.GROQ_KEY);
    }

    @Test
    void theBuilderRefusesDuplicatesAndUnknownGateways() {
        assertThatThrownBy(() -> Scenario.builder().offer("nope", "m", "u")).hasMessageContaining("unknown gateway 'nope'");
        assertThatThrownBy(() -> Scenario.builder().gateway("g", Protocol.OPENAI, "E", "k").offer("g", "m", "u").offer("g", "m2", "u").build())
                .hasMessageContaining("upstream model 'u' twice");
    }
}
