package io.healthgate.app;

import io.healthgate.catalog.Offer;
import io.healthgate.health.Outcome;
import io.healthgate.health.OutcomeClass;
import io.healthgate.health.Prober;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Active probes go over the same client as live traffic, in the gateway's protocol, and never fail. */
class HttpProberTest extends GatewayFixture {
    private static final Prober.ProbeRequest PROBE = new Prober.ProbeRequest(Duration.ofMillis(1500), 5);

    private Outcome probe(String gateway, String model, String upstreamModel) {
        return gateway().prober().probe(new Offer(gateway, model, upstreamModel), PROBE).toCompletableFuture().join();
    }

    private Healthgate gateway() {
        return gateway;
    }

    @Test
    void aSuccessfulProbeUsesTheOffersUpstreamIdAuthAndTokenBudget() {
        upstream.on("alpha-chat", FakeUpstream.json(200, FakeUpstream.openAiCompletion("alpha-chat", "ok")));
        Outcome o = probe("alpha", "acme/chat", "alpha-chat");
        assertThat(o.outcomeClass()).isEqualTo(OutcomeClass.SUCCESS);
        assertThat(o.source()).isEqualTo(Outcome.Source.PROBE);
        assertThat(o.outputTokens()).isEqualTo(7);
        FakeUpstream.Seen seen = upstream.seenFor("alpha-chat").get(0);
        assertThat(seen.headers().get("authorization")).isEqualTo("Bearer sk-alpha-secret");
        assertThat(seen.body().path("max_tokens").asInt()).isEqualTo(5);
        assertThat(seen.body().path("stream").asBoolean(true)).isFalse();
        assertThat(outcomes).as("probes are returned, not published as live traffic").isEmpty();
    }

    @Test
    void anAnthropicProbeSpeaksTheMessagesProtocol() {
        upstream.on("claude-up", FakeUpstream.json(200, FakeUpstream.anthropicMessage("claude-up", "ok")));
        Outcome o = probe("claude", "acme/claude", "claude-up");
        assertThat(o.outcomeClass()).isEqualTo(OutcomeClass.SUCCESS);
        FakeUpstream.Seen seen = upstream.seenFor("claude-up").get(0);
        assertThat(seen.path()).endsWith("/messages");
        assertThat(seen.headers().get("x-api-key")).isEqualTo("sk-ant-secret");
    }

    @Test
    void aProbeCutByItsTokenBudgetProvesLife() {
        upstream.on("alpha-chat", FakeUpstream.json(400, "{\"error\":{\"message\":\"Could not finish the message because max_tokens or model output limit was reached. Please try again with higher max_tokens.\",\"type\":\"invalid_request_error\"}}"));
        assertThat(probe("alpha", "acme/chat", "alpha-chat").outcomeClass()).isEqualTo(OutcomeClass.SUCCESS);
    }

    @Test
    void failuresAreOutcomeClassesNotExceptions() {
        upstream.on("alpha-chat", FakeUpstream.json(401, "{\"error\":{\"message\":\"Invalid API key\"}}"));
        upstream.on("beta-chat", FakeUpstream.hang());
        assertThat(probe("alpha", "acme/chat", "alpha-chat").outcomeClass()).isEqualTo(OutcomeClass.AUTH_ERROR);
        Outcome timeout = probe("beta", "acme/chat", "beta-chat");
        assertThat(timeout.outcomeClass()).isEqualTo(OutcomeClass.TIMEOUT);
        assertThat(timeout.errorSummary()).doesNotContain("sk-beta-secret");
    }
}
