package io.healthgate.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthgate.catalog.OfferId;
import io.healthgate.catalog.Tier;
import io.healthgate.health.GatewayStatus;
import io.healthgate.support.FakeClock;
import io.healthgate.support.WebhookReceiver;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A scripted outage and recovery, five minutes a step, sent through the real dispatcher to a local
 * webhook receiver: exactly the expected notifications arrive, in order, none twice.
 */
class AlertingWebhookIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "meta-llama/llama-3.3-70b-instruct";
    private static final OfferId GROQ_OFFER = new OfferId("groq", MODEL);

    private final FakeClock clock = new FakeClock(Instant.parse("2026-03-01T12:00:00Z"));

    private record Step(int minute, double health, boolean groqKeyRejected, boolean modelDown, Integer breakerOpenSinceMinute) {
    }

    @Test
    void outageAndRecoverySendExactlyTheExpectedNotificationsInOrder() throws Exception {
        Instant t0 = clock.instant();
        List<Step> timeline = List.of(
                new Step(0, 98, false, false, null),
                new Step(5, 97, false, false, null),
                new Step(10, 88, true, false, null),   // groq's key starts being rejected
                new Step(15, 76, true, true, 12),      // the critical model loses its last healthy offer
                new Step(20, 76, true, true, 12),
                new Step(25, 75, true, true, 12),      // breaker open 13 min
                new Step(30, 85, false, false, null),  // key fixed, model and breaker back
                new Step(35, 92, false, false, null),  // inside the hysteresis band
                new Step(40, 94, false, false, null),
                new Step(45, 96, false, false, null),  // recovered
                new Step(50, 97, false, false, null),
                new Step(55, Double.NaN, false, false, null));

        InMemoryAlertHistory history = new InMemoryAlertHistory();
        try (WebhookReceiver receiver = WebhookReceiver.start();
             Alerting alerting = new Alerting(new AlertEvaluator(AlertSettings.defaults()),
                     new AlertDispatcher(List.of(new LogSink(), new JsonWebhookSink(receiver.url("/alerts"))), history,
                             DeliveryScheduler.virtualThreads(), RetryPolicy.defaults(), AlertDispatcher.DEFAULT_QUEUE_CAPACITY),
                     history, clock)) {
            int dispatched = 0;
            for (Step s : timeline) {
                clock.set(t0.plus(Duration.ofMinutes(s.minute())));
                Map<String, GatewayStatus> gateways = Map.of(
                        "groq", s.groqKeyRejected() ? GatewayStatus.MISCONFIGURED : GatewayStatus.HEALTHY,
                        "openrouter", GatewayStatus.HEALTHY);
                List<HealthFacts.OpenBreaker> breakers = s.breakerOpenSinceMinute() == null ? List.of()
                        : List.of(new HealthFacts.OpenBreaker(GROQ_OFFER, Tier.CRITICAL, t0.plus(Duration.ofMinutes(s.breakerOpenSinceMinute()))));
                dispatched += alerting.observe(new HealthFacts(clock.instant(), s.health(),
                        s.modelDown() ? List.of(MODEL) : List.of(), gateways, breakers)).size();
            }

            // A milder severity is not sent (critical -> warning at 30 waits for the resolution);
            // resolutions wait until the condition has been clear for the 5-minute hold time.
            List<String> expected = List.of(
                    "10 health.overall warning",
                    "10 gateway.groq.key_rejected critical",
                    "15 health.overall critical",
                    "15 health.drop warning",
                    "15 model." + MODEL + ".no_healthy_offer critical",
                    "25 offer.groq:" + MODEL + ".breaker_open warning",
                    "35 gateway.groq.key_rejected resolved",
                    "35 model." + MODEL + ".no_healthy_offer resolved",
                    "35 offer.groq:" + MODEL + ".breaker_open resolved",
                    "40 health.drop resolved",
                    "50 health.overall resolved");
            assertThat(dispatched).isEqualTo(expected.size());

            await().atMost(Duration.ofSeconds(15)).until(() -> laneDone(alerting, "webhook", expected.size())
                    && laneDone(alerting, "history", expected.size()));

            List<String> received = new ArrayList<>();
            for (WebhookReceiver.Request r : receiver.requests()) {
                JsonNode b = JSON.readTree(r.body());
                long minute = Duration.between(t0, Instant.parse(b.get("timestamp").asText())).toMinutes();
                received.add(minute + " " + b.get("key").asText() + " " + b.get("severity").asText());
            }
            assertThat(received).containsExactlyElementsOf(expected);
            assertThat(receiver.requests()).allSatisfy(r -> assertThat(r.path()).isEqualTo("/alerts"));
            assertThat(alerting.deliveryStats()).allSatisfy(s -> {
                assertThat(s.delivered()).as(s.name()).isEqualTo(expected.size());
                assertThat(s.givenUp() + s.dropped()).as(s.name()).isZero();
            });
            assertThat(alerting.recent(100)).hasSize(expected.size())
                    .first().satisfies(e -> assertThat(e.key()).isEqualTo("health.overall"))
                    .satisfies(e -> assertThat(e.sinks()).containsExactly("log", "webhook"));
            assertThat(alerting.openAlerts()).isEmpty();
        }
    }

    /**
     * The disturbed quarter of an hour, evaluated every 30 s as the gateway does: health dips,
     * recovers 30 s later, dips again 2.5 min after that, then again after a resolution. Each
     * incident reaches the webhook as at most three messages.
     */
    @Test
    void aFlappingQuarterHourSendsAtMostThreeMessagesPerIncident() throws Exception {
        Instant t0 = clock.instant();
        java.util.TreeMap<Integer, Double> health = new java.util.TreeMap<>(); // second -> health from then on
        health.put(0, 97.0);
        health.put(60, 84.0);     // drop and low health fire
        health.put(90, 91.0);     // "resolved" 30 s later: clear, but not for the hold time
        health.put(240, 85.0);    // fires again 2.5 min later: the same incident, nothing sent
        health.put(270, 92.0);    // clear; after 5 min the drop is resolved (at 570 s)
        health.put(660, 84.0);    // fires again within the cooldown: one flapping notice
        health.put(690, 91.0);
        health.put(900, 83.0);    // and again: silent
        health.put(930, 97.0);    // over: low health resolves after the hold time

        InMemoryAlertHistory history = new InMemoryAlertHistory();
        try (WebhookReceiver receiver = WebhookReceiver.start();
             Alerting alerting = new Alerting(new AlertEvaluator(AlertSettings.defaults()),
                     new AlertDispatcher(List.of(new JsonWebhookSink(receiver.url("/alerts"))), history,
                             DeliveryScheduler.virtualThreads(), RetryPolicy.defaults(), AlertDispatcher.DEFAULT_QUEUE_CAPACITY),
                     history, clock)) {
            int dispatched = 0;
            for (int sec = 0; sec <= 45 * 60; sec += 30) {
                clock.set(t0.plusSeconds(sec));
                dispatched += alerting.observe(HealthFacts.ofHealth(clock.instant(), health.floorEntry(sec).getValue())).size();
            }
            List<String> expected = List.of(
                    "60 health.overall warning Model health low",
                    "60 health.drop warning Model health fell",
                    "570 health.drop resolved Resolved:",
                    "660 health.drop warning Flapping:",
                    "1230 health.overall resolved Resolved:");
            assertThat(dispatched).isEqualTo(expected.size());
            await().atMost(Duration.ofSeconds(15)).until(() -> laneDone(alerting, "webhook", expected.size()));

            List<String> received = new ArrayList<>();
            Map<String, Integer> perKey = new java.util.HashMap<>();
            for (WebhookReceiver.Request r : receiver.requests()) {
                JsonNode b = JSON.readTree(r.body());
                long sec = Duration.between(t0, Instant.parse(b.get("timestamp").asText())).toSeconds();
                String title = b.get("title").asText();
                String head = expected.stream().map(e -> e.split(" ", 4)[3]).filter(title::startsWith).findFirst().orElse(title);
                received.add(sec + " " + b.get("key").asText() + " " + b.get("severity").asText() + " " + head);
                perKey.merge(b.get("key").asText(), 1, Integer::sum);
            }
            assertThat(received).containsExactlyElementsOf(expected);
            assertThat(perKey.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(3));
            assertThat(alerting.openAlerts()).isEmpty();
        }
    }

    private static boolean laneDone(Alerting alerting, String lane, int n) {
        return alerting.deliveryStats().stream().filter(s -> s.name().equals(lane)).allMatch(s -> s.delivered() + s.givenUp() >= n);
    }
}
