package io.healthgate.app;

import io.healthgate.config.ConfigLoader;
import io.healthgate.config.HealthgateConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Reload names every changed setting it cannot apply by its YAML key path, and never its value. */
class RestartRequiredTest {
    private static final String CATALOG = """
            gateways:
              - { name: groq, base_url: "https://api.groq.com/openai/v1", protocol: openai, api_key_env: GROQ_API_KEY }
            models:
              - { id: a/b, offers: [{ gateway: groq, model: b }] }
            """;

    @TempDir
    Path dir;

    private HealthgateConfig load(String yaml) throws Exception {
        Path f = Files.writeString(dir.resolve("c" + System.nanoTime() + ".yaml"), yaml);
        return ConfigLoader.load(Optional.of(f), Map.of());
    }

    @Test
    void settingsReadOnceAtStartAreListedByKeyPath() throws Exception {
        HealthgateConfig running = load(CATALOG);
        HealthgateConfig next = load(CATALOG + """
                server: { host: 0.0.0.0, port: 9999 }
                storage: { url: "jdbc:postgresql://db.example/hg?password=s3cret" }
                redis: { url: "redis://127.0.0.1:6379" }
                monitoring: { tiers: { critical: { interval_seconds: 60 } }, min_samples: 5 }
                routing: { breaker: { open_seconds: 10 } }
                """);

        assertThat(RestartRequired.between(running, next)).containsExactly("server.host", "server.port", "storage.url", "redis.url",
                "monitoring.tiers.critical.interval_seconds", "monitoring.min_samples", "routing.breaker.open_seconds");
        assertThat(String.join(" ", RestartRequired.between(running, next))).doesNotContain("s3cret");
    }

    @Test
    void aChangedCatalogAloneNeedsNoRestart() throws Exception {
        HealthgateConfig running = load(CATALOG);
        HealthgateConfig next = load(CATALOG + "  - { id: c/d, offers: [{ gateway: groq, model: d }] }\n");

        assertThat(next.models()).hasSize(2);
        assertThat(RestartRequired.between(running, next)).isEmpty();
    }
}
