package io.healthgate.cleanup;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Model;
import io.healthgate.catalog.Offer;
import io.healthgate.catalog.Protocol;
import io.healthgate.health.HealthStore.OfferRecord;
import io.healthgate.support.OfferRecordBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.healthgate.support.OfferRecordBuilder.offer;
import static org.assertj.core.api.Assertions.assertThat;

class CleanupRulesTest {
    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    static final Instant LONG_AGO = NOW.minus(Duration.ofDays(90));
    static final Catalog CATALOG = new Catalog(
            List.of(Gateway.of("groq", "http://127.0.0.1:1/v1", Protocol.OPENAI, "GROQ_API_KEY"),
                    Gateway.of("together", "http://127.0.0.1:2/v1", Protocol.OPENAI, "TOGETHER_API_KEY")),
            List.of(new Model("acme/alpha", "acme", Optional.empty(), false, 0, List.of(),
                            List.of(new Offer("groq", "acme/alpha", "alpha-8b"), new Offer("together", "acme/alpha", "acme/Alpha"))),
                    new Model("acme/beta", "acme", Optional.empty(), false, 0, List.of(),
                            List.of(new Offer("groq", "acme/beta", "beta")))));

    private final CleanupRules rules = new CleanupRules(CleanupSettings.defaults());

    private static Instant daysAgo(double days) {
        return NOW.minus(Duration.ofMinutes((long) (days * 24 * 60)));
    }

    private Optional<CleanupCandidate> judge(OfferRecord r) {
        return rules.judge(r, CATALOG, NOW);
    }

    /** One qualifying row per rule; each test below adds a success at some time to it. */
    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of(CleanupReason.NOT_IN_CATALOG, (Function<Instant, OfferRecord>) success ->
                        offer("groq", "acme/gone", LONG_AGO).calls(50, 40, 10).lastCalled(daysAgo(1)).lastSuccess(success).build()),
                Arguments.of(CleanupReason.NOT_FOUND, (Function<Instant, OfferRecord>) success ->
                        offer("groq", "acme/alpha", LONG_AGO).calls(20, 5, 0).notFound(3, daysAgo(9), daysAgo(0.5))
                                .lastCalled(daysAgo(0.5)).lastSuccess(success).build()),
                Arguments.of(CleanupReason.ALL_ERRORS, (Function<Instant, OfferRecord>) success ->
                        offer("together", "acme/alpha", LONG_AGO).calls(10, 0, 10).lastCalled(daysAgo(0.1)).lastSuccess(success).build()),
                Arguments.of(CleanupReason.NEVER_CHECKED, (Function<Instant, OfferRecord>) success ->
                        offer("groq", "acme/beta", daysAgo(31)).lastSuccess(success).build()),
                Arguments.of(CleanupReason.STALE, (Function<Instant, OfferRecord>) success ->
                        offer("groq", "acme/beta", LONG_AGO).calls(7, 7, 0).lastCalled(daysAgo(30)).lastSuccess(success).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void eachRuleFindsItsCandidate(CleanupReason reason, Function<Instant, OfferRecord> row) {
        OfferRecord r = row.apply(null);
        if (reason == CleanupReason.ALL_ERRORS || reason == CleanupReason.NEVER_CHECKED) {
            assertThat(r.lastSuccess()).isEmpty();
        }
        assertThat(judge(r)).get().satisfies(c -> {
            assertThat(c.reason()).isEqualTo(reason);
            assertThat(c.offer()).isEqualTo(r.offer());
            assertThat(c.calls()).isEqualTo(r.callCount());
            assertThat(c.errors()).isEqualTo(r.errorCount());
            assertThat(c.lastCalled()).isEqualTo(r.lastCalled());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void aSuccessInTheLastSevenDaysWinsOverEveryRule(CleanupReason reason, Function<Instant, OfferRecord> row) {
        assertThat(judge(row.apply(daysAgo(6.9)))).as("success 6.9 days ago").isEmpty();
        assertThat(judge(row.apply(daysAgo(0)))).as("success just now").isEmpty();
        assertThat(judge(row.apply(NOW.plusSeconds(5)))).as("success stamped slightly ahead of our clock").isEmpty();
    }

    @Test
    void aSuccessOlderThanSevenDaysDoesNotProtect() {
        assertThat(judge(offer("groq", "acme/gone", LONG_AGO).lastSuccess(daysAgo(7.1)).build()))
                .get().extracting(CleanupCandidate::reason).isEqualTo(CleanupReason.NOT_IN_CATALOG);
        assertThat(judge(offer("groq", "acme/beta", LONG_AGO).calls(7, 7, 0).lastCalled(daysAgo(40)).lastSuccess(daysAgo(40)).build()))
                .get().extracting(CleanupCandidate::reason).isEqualTo(CleanupReason.STALE);
    }

    @Test
    void freshInstallRemovesNothing() {
        List<OfferRecord> rows = List.of(
                offer("groq", "acme/alpha", daysAgo(2)).build(),
                offer("groq", "acme/beta", daysAgo(29)).build(),
                offer("together", "acme/alpha", daysAgo(30)).build());
        assertThat(rules.candidates(rows, CATALOG, NOW)).isEmpty();
    }

    @Test
    void notFoundNeedsThreeChecksOverAtLeastADay() {
        OfferRecordBuilder base = offer("groq", "acme/alpha", LONG_AGO).calls(3, 0, 0).lastCalled(daysAgo(0.1));
        assertThat(judge(base.notFound(2, daysAgo(5), daysAgo(0.1)).build())).as("only 2 checks").isEmpty();
        assertThat(judge(base.notFound(5, daysAgo(0.9), daysAgo(0.1)).build())).as("within 19 hours").isEmpty();
        assertThat(judge(base.notFound(3, NOW.minus(Duration.ofHours(24)), NOW).build())).as("exactly 24 h")
                .get().satisfies(c -> assertThat(c.detail()).isEqualTo("not_found on 3 checks over 24 hours"));
    }

    @Test
    void notFoundFollowedByASuccessIsNotDeadEvenWhenTheSuccessIsOld() {
        OfferRecord cameBack = offer("groq", "acme/alpha", LONG_AGO).calls(30, 10, 0)
                .notFound(4, daysAgo(40), daysAgo(20)).lastSuccess(daysAgo(10)).lastCalled(daysAgo(10)).build();
        assertThat(judge(cameBack)).isEmpty();
    }

    @Test
    void allErrorsNeedsTenCallsAndNoneOtherThanErrors() {
        assertThat(judge(offer("together", "acme/alpha", LONG_AGO).calls(9, 0, 9).lastCalled(daysAgo(1)).build())).isEmpty();
        assertThat(judge(offer("together", "acme/alpha", LONG_AGO).calls(12, 0, 11).lastCalled(daysAgo(1)).build()))
                .as("one call was not a counting error (e.g. rate limited): not 100%").isEmpty();
        assertThat(judge(offer("together", "acme/alpha", LONG_AGO).calls(12, 0, 12).lastCalled(daysAgo(1)).build()))
                .get().satisfies(c -> assertThat(c.detail()).isEqualTo("100% errors: all 12 calls failed"));
    }

    @Test
    void staleStartsAtThirtyDays() {
        assertThat(judge(offer("groq", "acme/beta", LONG_AGO).calls(5, 5, 0).lastCalled(daysAgo(29.9)).build())).isEmpty();
        assertThat(judge(offer("groq", "acme/beta", LONG_AGO).calls(5, 5, 0).lastCalled(daysAgo(30)).build()))
                .get().satisfies(c -> assertThat(c.detail()).isEqualTo("not called or checked for 30 days"));
    }

    @Test
    void staleDaysComeFromSettings() {
        CleanupRules strict = new CleanupRules(CleanupSettings.of(false, false, 7));
        OfferRecord idle = offer("groq", "acme/beta", LONG_AGO).calls(5, 5, 0).lastCalled(daysAgo(8)).lastSuccess(daysAgo(8)).build();
        assertThat(strict.judge(idle, CATALOG, NOW)).isPresent();
        assertThat(judge(idle)).isEmpty();
    }

    @Test
    void notInCatalogIsTheReasonGivenWhenSeveralRulesMatch() {
        OfferRecord r = offer("groq", "acme/gone", LONG_AGO).calls(10, 0, 10).lastCalled(daysAgo(40)).build();
        assertThat(judge(r)).get().extracting(CleanupCandidate::reason).isEqualTo(CleanupReason.NOT_IN_CATALOG);
    }

    @Test
    void candidatesAreSortedAndHealthyOffersStay() {
        List<OfferRecord> rows = List.of(
                offer("together", "acme/alpha", LONG_AGO).calls(10, 0, 10).lastCalled(daysAgo(1)).build(),
                offer("groq", "acme/alpha", LONG_AGO).calls(500, 490, 10).lastCalled(daysAgo(0.01)).lastSuccess(daysAgo(0.01)).build(),
                offer("groq", "zzz/gone", LONG_AGO).build(),
                offer("groq", "acme/beta", LONG_AGO).build());
        assertThat(rules.candidates(rows, CATALOG, NOW))
                .extracting(c -> c.gateway() + " " + c.model() + " " + c.reason().wireName())
                .containsExactly("groq acme/beta never_checked", "groq zzz/gone not_in_catalog", "together acme/alpha all_errors");
    }
}
