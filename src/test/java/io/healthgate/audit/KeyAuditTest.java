package io.healthgate.audit;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Protocol;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class KeyAuditTest {
    private static final String KEY = "sk-test-0123456789abcdefghijklmnopqrstuvwxyzABCDE";

    private static Gateway gw(String name, String env) {
        return new Gateway(name, name, "https://" + name + ".example/v1", "https://" + name + ".example/v1/models",
                Protocol.OPENAI, env, true, "", "", Map.of(), 0, false);
    }

    private static Catalog catalog(Gateway... gateways) {
        return new Catalog(List.of(gateways), List.of());
    }

    private static KeyAuditRow only(Catalog c, Map<String, String> env) {
        return KeyAudit.run(c, env, Optional.empty()).rows().get(0);
    }

    @Test
    void reportsSetMissingEmptyAndDisabled() {
        Gateway off = new Gateway("fal", "Fal", "https://fal.run", "", Protocol.SPECIAL, "FAL_KEY", false,
                "protocol 'special': needs its own adapter", "", Map.of(), 0, false);
        Catalog c = catalog(gw("groq", "GROQ_API_KEY"), gw("together", "TOGETHER_API_KEY"), gw("xai", "XAI_API_KEY"), off);
        KeyAuditReport r = KeyAudit.run(c, Map.of("GROQ_API_KEY", KEY, "XAI_API_KEY", "  "), Optional.empty());
        assertThat(r.rows()).extracting(KeyAuditRow::status)
                .containsExactly(KeyStatus.SET, KeyStatus.MISSING, KeyStatus.EMPTY, KeyStatus.DISABLED);
        assertThat(r.rows().get(3).hint()).contains("protocol 'special': needs its own adapter");
        assertThat(r.summary()).isEqualTo("1 of 3 gateways configured (1 disabled, not counted); 1 missing, 1 empty");
    }

    @Test
    void malformedKeysSayWhatIsWrongWithoutShowingTheKey() {
        Catalog c = catalog(gw("groq", "GROQ_API_KEY"));
        Map<String, String> cases = Map.of(
                KEY + "\n", "a trailing line break",
                " " + KEY, "leading whitespace",
                KEY + " ", "trailing whitespace",
                "\"" + KEY + "\"", "wrapping quotes",
                "'" + KEY + "'", "wrapping quotes",
                KEY.substring(0, 20) + "\n" + KEY.substring(20), "a line break inside",
                "Bearer " + KEY, "\"Bearer \" prefix");
        cases.forEach((value, problem) -> {
            KeyAuditRow row = only(c, Map.of("GROQ_API_KEY", value));
            assertThat(row.status()).as(problem).isEqualTo(KeyStatus.MALFORMED);
            assertThat(row.hint()).as(problem).hasValueSatisfying(h -> assertThat(h).contains(problem).doesNotContain(KEY.substring(0, 12)));
            assertThat(row.configured()).isFalse();
        });
    }

    @Test
    void fingerprintNeverContainsTheKeyOrAnyLongPartOfIt() {
        KeyAuditRow row = only(catalog(gw("groq", "GROQ_API_KEY")), Map.of("GROQ_API_KEY", KEY));
        String fp = row.fingerprint().orElseThrow();
        assertThat(fp).matches("sha256:[0-9a-f]{8}, " + KEY.length() + " chars");
        for (int i = 0; i + 6 <= KEY.length(); i++) {
            assertThat(fp).doesNotContain(KEY.substring(i, i + 6));
        }
        assertThat(Fingerprint.of("short-key")).isEqualTo("9 chars (too short to fingerprint)");
        assertThat(Fingerprint.of(KEY)).isNotEqualTo(Fingerprint.of(KEY + "x"));
    }

    @Test
    void noOutputOfTheAuditContainsTheKey() throws Exception {
        Catalog c = catalog(gw("groq", "GROQ_API_KEY"), gw("xai", "XAI_API_KEY"));
        Map<String, String> env = Map.of("GROQ_API_KEY", KEY, "XAI_API_KEY", "\"" + KEY + "\"");
        KeyAuditReport r = KeyAudit.run(c, env, Optional.of((g, k, t) -> CompletableFuture.completedFuture(Verification.valid("HTTP 200"))));
        assertThat(r.toTable()).doesNotContain(KEY.substring(0, 16));
        assertThat(r.toJsonRows().toString()).doesNotContain(KEY.substring(0, 16));
        assertThat(r.rows().toString()).doesNotContain(KEY.substring(0, 16));
    }

    @Test
    void hintsAtASimilarlyNamedVariableThatIsSet() {
        Catalog c = catalog(gw("huggingface", "HUG_API_KEY"), gw("groq", "GROQ_API_KEY"), gw("openai", "OPENAI_API_KEY"),
                gw("openrouter", "OPENROUTER_API_KEY"));
        Map<String, String> env = Map.of("HUGGINGFACE_API_KEY", KEY, "GROQ_KEY", KEY, "OPENROUTER_API_KEY", KEY, "HUGO_THEME", "x");
        KeyAuditReport r = KeyAudit.run(c, env, Optional.empty());
        assertThat(r.rows().get(0).hint()).hasValueSatisfying(h -> assertThat(h)
                .startsWith("HUGGINGFACE_API_KEY is set; this gateway reads HUG_API_KEY").doesNotContain("HUGO_THEME"));
        assertThat(r.rows().get(1).hint()).hasValueSatisfying(h -> assertThat(h).startsWith("GROQ_KEY is set"));
        assertThat(r.rows().get(2).hint()).as("another gateway's own variable is not a typo").isEmpty();
    }

    @Test
    void anUnresolvedBaseUrlPlaceholderMeansNotConfigured() {
        Gateway cf = new Gateway("cf", "Cloudflare", "https://api.cloudflare.com/client/v4/accounts/${CLOUDFLARE_ACCOUNT_ID}/ai/v1", "",
                Protocol.OPENAI, "CLOUDFLARE_API_TOKEN", true, "", "", Map.of(), 0, false);
        KeyAuditReport r = KeyAudit.run(catalog(cf), Map.of("CLOUDFLARE_API_TOKEN", KEY), Optional.empty());
        assertThat(r.rows().get(0).status()).isEqualTo(KeyStatus.SET);
        assertThat(r.rows().get(0).configured()).isFalse();
        assertThat(r.rows().get(0).hint()).contains("base_url needs CLOUDFLARE_ACCOUNT_ID, which is not set");
        assertThat(r.exitCode()).isEqualTo(1);
    }

    @Test
    void exitCodeIsZeroOnlyWhenEveryEnabledGatewayIsConfigured() {
        Gateway off = new Gateway("fal", "Fal", "https://fal.run", "", Protocol.SPECIAL, "FAL_KEY", false, "special", "", Map.of(), 0, false);
        Catalog c = catalog(gw("groq", "GROQ_API_KEY"), gw("xai", "XAI_API_KEY"), off);
        assertThat(KeyAudit.run(c, Map.of("GROQ_API_KEY", KEY, "XAI_API_KEY", KEY), Optional.empty()).exitCode()).isZero();
        assertThat(KeyAudit.run(c, Map.of("GROQ_API_KEY", KEY), Optional.empty()).exitCode()).isEqualTo(1);
        assertThat(KeyAudit.run(c, Map.of("GROQ_API_KEY", KEY, "XAI_API_KEY", KEY + " "), Optional.empty()).exitCode()).isEqualTo(1);
    }

    @Test
    void verifyCallsOnlyConfiguredGatewaysAndARejectionFailsTheAudit() {
        Gateway noList = new Gateway("sybil", "Sybil", "https://api.sybil.com/v1", "", Protocol.OPENAI, "SYBIL_API_KEY",
                true, "", "", Map.of(), 0, false);
        Catalog c = catalog(gw("groq", "GROQ_API_KEY"), gw("xai", "XAI_API_KEY"), gw("novita", "NOVITA_API_KEY"), noList,
                gw("nebius", "NEBIUS_API_KEY"));
        Map<String, String> env = new HashMap<>(Map.of("GROQ_API_KEY", KEY, "XAI_API_KEY", "bad-key-0123456789abcdef",
                "NOVITA_API_KEY", "down-key-0123456789abcdef", "SYBIL_API_KEY", KEY));
        AtomicInteger calls = new AtomicInteger();
        KeyVerifier fake = (g, key, timeout) -> {
            calls.incrementAndGet();
            return CompletableFuture.completedFuture(switch (g.name()) {
                case "groq" -> Verification.valid("HTTP 200");
                case "xai" -> Verification.rejected("HTTP 401");
                default -> Verification.unreachable("HTTP 503");
            });
        };
        KeyAuditReport r = KeyAudit.run(c, env, Optional.of(fake), Duration.ofSeconds(1));
        assertThat(calls).hasValue(3);
        assertThat(r.rows()).extracting(row -> row.verification().map(v -> v.result().wireName()).orElse("-"))
                .containsExactly("valid", "rejected", "unreachable", "unverifiable", "-");
        assertThat(r.summary()).isEqualTo("4 of 5 gateways configured; 1 missing; 1 key valid, 1 key rejected, 1 unreachable, 1 unverifiable");
        assertThat(r.exitCode()).isEqualTo(1);
        env.put("NEBIUS_API_KEY", KEY);
        env.put("XAI_API_KEY", KEY);
        KeyVerifier allGood = (g, key, timeout) -> CompletableFuture.completedFuture(Verification.valid("HTTP 200"));
        assertThat(KeyAudit.run(c, env, Optional.of(allGood)).exitCode()).isZero();
    }

    @Test
    void aVerifierThatFailsOrNeverAnswersCountsAsUnreachable() {
        Catalog c = catalog(gw("groq", "GROQ_API_KEY"), gw("xai", "XAI_API_KEY"));
        Map<String, String> env = Map.of("GROQ_API_KEY", KEY, "XAI_API_KEY", KEY);
        KeyVerifier broken = (g, key, timeout) -> g.name().equals("groq")
                ? CompletableFuture.failedFuture(new IllegalStateException("boom"))
                : new CompletableFuture<>();
        KeyAuditReport r = KeyAudit.run(c, env, Optional.of(broken), Duration.ofMillis(1));
        assertThat(r.rows()).allSatisfy(row ->
                assertThat(row.verification()).hasValueSatisfying(v -> assertThat(v.result()).isEqualTo(Verification.Result.UNREACHABLE)));
    }

    @Test
    void jsonRowsHaveTheAgreedKeys() {
        KeyAuditReport r = KeyAudit.run(catalog(gw("groq", "GROQ_API_KEY")), Map.of(), Optional.empty());
        assertThat(r.toJsonRows()).singleElement().satisfies(m -> {
            assertThat(m).containsKeys("gateway", "api_key_env", "status", "fingerprint", "hint", "verification");
            assertThat(m.get("gateway")).isEqualTo("groq");
            assertThat(m.get("api_key_env")).isEqualTo("GROQ_API_KEY");
            assertThat(m.get("status")).isEqualTo("missing");
        });
    }

    @Test
    void tableIsAlignedAndEndsWithTheSummary() {
        KeyAuditReport r = KeyAudit.run(catalog(gw("groq", "GROQ_API_KEY"), gw("cloudflare-workers-ai", "CLOUDFLARE_API_TOKEN")),
                Map.of("GROQ_API_KEY", KEY), Optional.empty());
        List<String> lines = r.toTable().lines().toList();
        assertThat(lines.get(0)).startsWith("GATEWAY").contains("KEY VARIABLE", "STATUS", "FINGERPRINT");
        int col = lines.get(0).indexOf("STATUS");
        assertThat(lines.get(1).substring(col)).startsWith("set");
        assertThat(lines.get(2).substring(col)).startsWith("missing");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("1 of 2 gateways configured; 1 missing");
    }
}
