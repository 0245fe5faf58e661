package io.healthgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthgate.audit.KeyVerifier;
import io.healthgate.audit.Verification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class AuditKeysCommandTest {
    private static final String KEY = "sk-test-0123456789abcdefghijklmnopqrstuvwxyz";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final AtomicBoolean verifierClosed = new AtomicBoolean();

    private int run(Map<String, String> env, KeyVerifier verifier, String... args) {
        AuditKeysCommand cmd = new AuditKeysCommand(() -> env,
                () -> new AuditKeysCommand.KeyVerifierHandle(verifier, () -> verifierClosed.set(true)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CommandLine(cmd).execute(args);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Path twoGateways(Path dir) throws Exception {
        Path f = dir.resolve("config.yaml");
        Files.writeString(f, """
                gateways:
                  - { name: groq, base_url: "https://api.groq.com/openai/v1", models_url: "https://api.groq.com/openai/v1/models", protocol: openai, api_key_env: GROQ_API_KEY }
                  - { name: huggingface, base_url: "https://router.huggingface.co/v1", models_url: "https://huggingface.co/api/models", protocol: openai, api_key_env: HUG_API_KEY }
                models:
                  - { id: a/b, offers: [{ gateway: groq, model: b }, { gateway: huggingface, model: B }] }
                """);
        return f;
    }

    private static final KeyVerifier NEVER = (g, k, t) -> {
        throw new AssertionError("verifier must not be called without --verify");
    };

    @Test
    void builtInCatalogTableListsEveryGatewayAndExitsOneWhenKeysAreMissing() {
        int code = run(Map.of("GROQ_API_KEY", KEY, "HUGGINGFACE_API_KEY", KEY), NEVER);
        assertThat(code).isEqualTo(1);
        assertThat(stdout().lines().filter(l -> !l.isBlank())).hasSize(1 + 31 + 1);
        assertThat(stdout()).contains("HUGGINGFACE_API_KEY is set; this gateway reads HUG_API_KEY")
                .contains("1 of 28 gateways configured (3 disabled, not counted)")
                .doesNotContain(KEY.substring(0, 12));
    }

    @Test
    void exitsZeroWhenEveryEnabledGatewayIsConfigured(@TempDir Path dir) throws Exception {
        int code = run(Map.of("GROQ_API_KEY", KEY, "HUG_API_KEY", KEY), NEVER, "--config", twoGateways(dir).toString());
        assertThat(code).isZero();
        assertThat(stdout()).contains("2 of 2 gateways configured");
    }

    @Test
    void jsonIsAnArrayOfRowsWithTheAgreedKeys(@TempDir Path dir) throws Exception {
        int code = run(Map.of("GROQ_API_KEY", " " + KEY), NEVER, "--config", twoGateways(dir).toString(), "--json");
        assertThat(code).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(stdout());
        assertThat(json.isArray()).isTrue();
        assertThat(json).hasSize(2);
        assertThat(json.get(0).get("gateway").asText()).isEqualTo("groq");
        assertThat(json.get(0).get("api_key_env").asText()).isEqualTo("GROQ_API_KEY");
        assertThat(json.get(0).get("status").asText()).isEqualTo("malformed");
        assertThat(json.get(0).get("fingerprint").asText()).startsWith("sha256:");
        assertThat(json.get(0).get("hint").asText()).contains("leading whitespace");
        assertThat(json.get(1).get("status").asText()).isEqualTo("missing");
        assertThat(json.get(1).has("verification")).isTrue();
        assertThat(stdout()).doesNotContain(KEY.substring(0, 12));
    }

    @Test
    void verifyReportsRejectedKeysAndFailsTheAudit(@TempDir Path dir) throws Exception {
        KeyVerifier fake = (g, k, t) -> CompletableFuture.completedFuture(
                g.name().equals("groq") ? Verification.valid("HTTP 200") : Verification.rejected("HTTP 401"));
        int code = run(Map.of("GROQ_API_KEY", KEY, "HUG_API_KEY", KEY), fake, "--config", twoGateways(dir).toString(), "--verify");
        assertThat(code).isEqualTo(1);
        assertThat(stdout()).contains("VERIFIED").contains("rejected (HTTP 401)")
                .contains("2 of 2 gateways configured; 1 key valid, 1 key rejected");
        assertThat(verifierClosed).isTrue();
    }

    @Test
    void configErrorExitsTwoAndNamesTheKey(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "server: { prot: 1 }\n");
        int code = run(Map.of(), NEVER, "--config", f.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(f + ": server.prot: unknown key; did you mean \"port\"?")
                .doesNotContain("Exception");
    }
}
