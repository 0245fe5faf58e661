package io.healthgate.providers;

import io.healthgate.health.OutcomeClass;
import io.healthgate.support.FakeClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every row of the real error bodies in error-bodies.tsv must land in its labelled class. */
class OutcomeClassifierTableTest {

    private static final Set<String> BAD_REQUEST_DETAILS = Set.of("context_length", "output_limit", "content_policy");

    private final OutcomeClassifier classifier = new OutcomeClassifier(new FakeClock());

    static List<ErrorBodyFixtures.Row> rows() {
        return ErrorBodyFixtures.rows();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void everyRealErrorBodyLandsInItsLabelledClass(ErrorBodyFixtures.Row row) {
        Classification c = classifier.classify(row.status(), row.headers(), row.body());

        if (BAD_REQUEST_DETAILS.contains(row.label())) {
            assertThat(c.outcomeClass()).as("class; summary=%s", c.summary()).isEqualTo(OutcomeClass.BAD_REQUEST);
            assertThat(c.detail()).isEqualTo(row.label());
        } else {
            assertThat(c.outcomeClass()).as("class (detail %s); summary=%s", c.detail(), c.summary())
                    .isEqualTo(OutcomeClass.fromWireName(row.label()));
        }
        assertThat(c.summary()).isNotBlank().hasSizeLessThanOrEqualTo(Classification.MAX_SUMMARY);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void summariesCarryNoKeysOrOrganisationIds(ErrorBodyFixtures.Row row) {
        String summary = classifier.classify(row.status(), row.headers(), row.body()).summary();

        assertThat(summary).doesNotContainPattern("sk-[A-Za-z0-9]{3,}")
                .doesNotContainPattern("org[-_][a-z0-9]{4,}")
                .doesNotContainPattern("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}")
                .doesNotContainPattern("Bearer [A-Za-z0-9]");
    }

    @Test
    void theFixtureFileHasEveryRowItPromises() {
        assertThat(rows()).hasSizeGreaterThanOrEqualTo(85);
        assertThat(rows()).extracting(ErrorBodyFixtures.Row::label)
                .contains("rate_limited", "no_credits", "auth_error", "not_found", "bad_request", "context_length",
                        "output_limit", "content_policy", "server_error", "timeout");
    }

    @Test
    void groqRetryAfterHeaderWinsOverTheBodyHint() {
        ErrorBodyFixtures.Row groq = rows().stream()
                .filter(r -> r.provider().equals("groq") && r.headers().containsKey("retry-after")).findFirst().orElseThrow();

        Classification c = classifier.classify(groq.status(), groq.headers(), groq.body());

        assertThat(c.retryAfter()).contains(Duration.ofSeconds(2));
    }

    @Test
    void openAiRateLimitTakesItsWaitFromTheBody() {
        ErrorBodyFixtures.Row row = rows().stream()
                .filter(r -> r.provider().equals("openai") && r.status() == 429 && r.label().equals("rate_limited"))
                .findFirst().orElseThrow();

        Classification c = classifier.classify(row.status(), row.headers(), row.body());

        assertThat(c.retryAfter()).contains(Duration.ofMillis(26_604));
        assertThat(c.summary()).startsWith("429: Rate limit reached for gpt-4").doesNotContain("org-**********");
    }
}
