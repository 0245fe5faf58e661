package io.healthgate.sla;

import io.healthgate.catalog.OfferId;
import io.healthgate.health.OutcomeClass;
import io.healthgate.support.Buckets;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Incidents from per-minute history, minute by minute as a timeline. */
class IncidentBuilderTest {
    static final Instant T0 = Instant.parse("2026-02-01T10:00:00Z");
    static final OfferId GROQ_A = new OfferId("groq", "acme/a");
    static final OfferId GROQ_B = new OfferId("groq", "acme/b");
    static final OfferId TOGETHER_A = new OfferId("together", "acme/a");

    private final IncidentBuilder builder = new IncidentBuilder(SlaSettings.defaults());

    private static Instant minute(int m) {
        return T0.plus(Duration.ofMinutes(m));
    }

    private void good(OfferId o, int m) {
        builder.add(Buckets.at(minute(m), o).successes(10, 200).build());
    }

    private void bad(OfferId o, int m, OutcomeClass c, DetectionSource source) {
        builder.add(Buckets.at(minute(m), o).source(source).successes(1, 200).calls(c, 4, 5).build());
    }

    @Test
    void badMinutesBetweenGoodOnesMakeOneIncidentWithItsStartEndClassAndSource() {
        good(GROQ_A, 0);
        bad(GROQ_A, 1, OutcomeClass.SERVER_ERROR, DetectionSource.PROBE);
        bad(GROQ_A, 2, OutcomeClass.TIMEOUT, DetectionSource.TRAFFIC);
        bad(GROQ_A, 3, OutcomeClass.SERVER_ERROR, DetectionSource.TRAFFIC);
        good(GROQ_A, 4);

        List<Incident> incidents = builder.finish(minute(60));

        assertThat(incidents).singleElement().satisfies(i -> {
            assertThat(i.gateway()).isEqualTo("groq");
            assertThat(i.start()).isEqualTo(minute(1));
            assertThat(i.end()).isEqualTo(minute(4));
            assertThat(i.duration()).isEqualTo(Duration.ofMinutes(3));
            assertThat(i.ongoing()).isFalse();
            assertThat(i.dominantClass()).isEqualTo(OutcomeClass.SERVER_ERROR);
            assertThat(i.detectedBy()).as("its earliest failure came from a probe").isEqualTo(DetectionSource.PROBE);
            assertThat(i.failures()).isEqualTo(12);
            assertThat(i.affectedOffers()).containsExactly(GROQ_A);
        });
    }

    @Test
    void aMinuteBelowTheBadRateAndNeutralClassesOpenNoIncident() {
        builder.add(Buckets.at(minute(0), GROQ_A).successes(9, 200).calls(OutcomeClass.SERVER_ERROR, 2).build());
        builder.add(Buckets.at(minute(1), GROQ_A).calls(OutcomeClass.RATE_LIMITED, 50).calls(OutcomeClass.AUTH_ERROR, 5).build());
        builder.add(Buckets.at(minute(2), GROQ_A).calls(OutcomeClass.CANCELLED, 9).calls(OutcomeClass.BAD_REQUEST, 9).build());

        assertThat(builder.finish(minute(60))).isEmpty();
    }

    @Test
    void aSingleIsolatedFailureIsNoiseNotAnIncident() {
        good(GROQ_A, 0);
        builder.add(Buckets.at(minute(1), GROQ_A).calls(OutcomeClass.CONNECTION_ERROR, 1).build());
        good(GROQ_A, 2);

        assertThat(builder.finish(minute(60))).isEmpty();
    }

    @Test
    void siblingOffersFailingTogetherAreOneGatewayIncidentListingBoth() {
        bad(GROQ_A, 10, OutcomeClass.CONNECTION_ERROR, DetectionSource.TRAFFIC);
        bad(GROQ_B, 12, OutcomeClass.CONNECTION_ERROR, DetectionSource.PROBE);
        good(GROQ_A, 13);
        bad(GROQ_B, 13, OutcomeClass.CONNECTION_ERROR, DetectionSource.PROBE);
        good(GROQ_B, 14);
        bad(TOGETHER_A, 12, OutcomeClass.TIMEOUT, DetectionSource.TRAFFIC);
        good(TOGETHER_A, 13);

        List<Incident> incidents = builder.finish(minute(60));

        assertThat(incidents).extracting(Incident::gateway).containsExactly("groq", "together");
        Incident groq = incidents.get(0);
        assertThat(groq.affectedOffers()).containsExactly(GROQ_A, GROQ_B);
        assertThat(groq.start()).isEqualTo(minute(10));
        assertThat(groq.end()).isEqualTo(minute(14));
        assertThat(groq.detectedBy()).isEqualTo(DetectionSource.TRAFFIC);
    }

    @Test
    void outagesFurtherApartThanTheMergeGapAreSeparateIncidents() {
        bad(GROQ_A, 0, OutcomeClass.SERVER_ERROR, DetectionSource.TRAFFIC);
        good(GROQ_A, 1);
        bad(GROQ_A, 4, OutcomeClass.SERVER_ERROR, DetectionSource.TRAFFIC); // 3 min after the first ended: same incident
        good(GROQ_A, 5);
        bad(GROQ_A, 20, OutcomeClass.SERVER_ERROR, DetectionSource.TRAFFIC); // 15 min later: a new one
        good(GROQ_A, 21);

        assertThat(builder.finish(minute(60))).extracting(Incident::start, Incident::end)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(minute(0), minute(5)),
                        org.assertj.core.groups.Tuple.tuple(minute(20), minute(21)));
    }

    @Test
    void anOutageStillFailingAtTheWindowsEndIsOngoingAndOneThatWentQuietHasEnded() {
        bad(GROQ_A, 50, OutcomeClass.SERVER_ERROR, DetectionSource.PROBE);
        bad(GROQ_A, 58, OutcomeClass.SERVER_ERROR, DetectionSource.PROBE); // probes back off: minutes without evidence between
        bad(TOGETHER_A, 10, OutcomeClass.SERVER_ERROR, DetectionSource.PROBE); // then nothing heard for 50 min

        List<Incident> incidents = builder.finish(minute(60));

        assertThat(incidents).extracting(Incident::gateway, Incident::ongoing)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("together", false), org.assertj.core.groups.Tuple.tuple("groq", true));
        assertThat(incidents.get(1).start()).isEqualTo(minute(50));
        assertThat(incidents.get(1).end()).isEqualTo(minute(59));
        assertThat(incidents.get(0).end()).isEqualTo(minute(11));
    }

    @Test
    void severalRowsOfOneMinuteAreJudgedTogether() {
        // One minute, two rows: probes failed, traffic succeeded; together the minute is good.
        builder.add(Buckets.at(minute(0), GROQ_A).source(DetectionSource.PROBE).calls(OutcomeClass.TIMEOUT, 2).build());
        builder.add(Buckets.at(minute(0), GROQ_A).source(DetectionSource.TRAFFIC).successes(20, 300).build());

        assertThat(builder.finish(minute(60))).isEmpty();
    }
}
