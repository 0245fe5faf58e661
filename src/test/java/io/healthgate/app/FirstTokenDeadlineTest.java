package io.healthgate.app;

import io.healthgate.health.Outcome;
import io.healthgate.health.OutcomeClass;
import io.healthgate.proxy.ProxySettings;
import io.healthgate.routing.FirstTokenDeadlines;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The first-token deadline counts to the first event a stream sends the client, not to its
 * response head: an upstream that answers 200 at once and then sends nothing is abandoned at the
 * model's deadline, well before the idle limit would notice. These drive the real gateway and
 * assert what the client and the outcomes show; the timing rules themselves (when exactly an
 * attempt is abandoned) are tested on fake time in {@code proxy.JourneyTest}.
 */
class FirstTokenDeadlineTest extends GatewayFixture {
    static final long DEADLINE_MS = 300;

    @Override
    ProxySettings proxySettings() {
        return super.proxySettings().withFirstTokenDeadlines(
                new FirstTokenDeadlines(Map.of(), Map.of("acme/chat", Duration.ofMillis(DEADLINE_MS))));
    }

    @Test
    void aStreamWithAHeadButNoFirstTokenByTheDeadlineIsAbandonedAndTheNextOfferAnswers() {
        // alpha: 200 at once, first event after 700 ms (below the 800 ms idle limit); beta answers at once.
        upstream.on("alpha-chat", FakeUpstream.sse(FakeUpstream.openAiFrames("alpha-chat", List.of("late"), false, true), 700, 10, false));
        upstream.on("beta-chat", FakeUpstream.sse(FakeUpstream.openAiFrames("beta-chat", List.of("on", "time"), false, true), 0, 10, false));
        HttpResponse<String> r = post("/v1/chat/completions",
                "{\"model\":\"chat\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", auth());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-healthgate-gateway")).contains("beta");
        assertThat(r.headers().firstValue("x-healthgate-attempts")).contains("2");
        assertThat(r.body()).as("abandoned at the deadline, before alpha's token came").contains("time").doesNotContain("late");
        List<Outcome> o = awaitOutcomes(2);
        assertThat(o).extracting(x -> x.offer().gateway() + ":" + x.outcomeClass().wireName())
                .containsExactly("alpha:timeout", "beta:success");
        await().atMost(Duration.ofSeconds(3)).until(() -> upstream.closedBeforeEnd.get() >= 1);
    }

    @Test
    void aNonStreamingCallWithNoResponseHeadByTheDeadlineTimesOutAndFailsOver() {
        upstream.on("alpha-chat", FakeUpstream.hang());
        upstream.on("beta-chat", FakeUpstream.json(200, FakeUpstream.openAiCompletion("beta-chat", "from beta")));
        HttpResponse<String> r = post("/v1/chat/completions", CHAT, auth());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-healthgate-gateway")).contains("beta");
        assertThat(awaitOutcomes(2)).extracting(Outcome::outcomeClass).containsExactly(OutcomeClass.TIMEOUT, OutcomeClass.SUCCESS);
    }
}
