package io.healthgate.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.healthgate.catalog.Protocol;
import io.healthgate.config.ConfigLoader;
import io.healthgate.config.HealthgateConfig;
import io.healthgate.simulator.Behaviour;
import io.healthgate.simulator.Fault;
import io.healthgate.simulator.Scenario;
import io.healthgate.support.FakeClock;
import io.healthgate.support.GatewayCalls;
import io.healthgate.support.ManualExecutor;
import io.healthgate.support.ManualScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11's targets end to end: the real composition root (store on; probes and canaries on
 * unless a test says otherwise) in front of the simulated fleet, both on one fake clock. The
 * gateway's health schedules (snapshot refresh, probe batches, urgent probes, canaries) run on a
 * {@link ManualExecutor}, so they fall due on the fake time the test moves, one second per step;
 * each step waits (bounded) until the probes, canaries and client calls it started are answered and
 * recorded, so what a view shows at fake second t is what the gateway knew at t. Clients are driven over HTTP: chat requests
 * and the health views. Every figure is fake seconds, never wall-clock time.
 */
@org.junit.jupiter.api.Timeout(300)
class FastHealthSimulatedTest {
    private static final String MODEL = "sim/chat";

    @TempDir
    Path dir;

    /** On an hour boundary, so "per clock hour" (the canary cap) is easy to read. */
    private final FakeClock clock = new FakeClock(Instant.parse("2026-06-01T10:00:00Z"));
    private final ManualScheduler timers = new ManualScheduler(clock);
    private SimulatedGateway sim;
    private GatewayCalls calls;
    /** Fake seconds since the gateway started. */
    private int t;

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    /**
     * The gateway from the shipped defaults plus {@code overrides} (environment-style
     * {@code HEALTHGATE_*} keys), a fresh SQLite store, the health schedules on fake time; routing
     * ranks by status and uptime only, so with equal evidence catalog order decides (see
     * {@link SimulatedGateway#fakeClockSettings}). The error-rate rules, which these targets are
     * about, keep their defaults.
     */
    private void start(Scenario scenario, Map<String, String> overrides) {
        Map<String, String> cfg = SimulatedGateway.fakeClockSettings(dir.resolve("fast.db"));
        cfg.putAll(overrides);
        HealthgateConfig config = ConfigLoader.load(Optional.empty(), cfg);
        sim = new SimulatedGateway(scenario, config, env -> { }, clock, Optional.of(new ManualExecutor(clock, timers)));
        calls = sim.calls();
        settle();
    }

    /** One fake second: due schedules run at their own times, their probes and canaries are answered, the snapshot is built. */
    private void second() {
        timers.advance(Duration.ofSeconds(1));
        t++;
        settle();
    }

    /** Moves {@code n} fake seconds, one at a time. */
    private void seconds(int n) {
        for (int i = 0; i < n; i++) {
            second();
        }
    }

    /** The schedules due now run, everything they and the client started is answered, and the snapshot is built. */
    private void settle() {
        timers.runDue();
        if (!sim.settled()) {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(2)).until(sim::settled);
        }
        sim.gateway.engine().rebuild(); // what the one-second refresher builds, in step with the fake clock
    }

    private String status(String model, String gateway) throws Exception {
        return offer(model, gateway).get("status").asText();
    }

    private JsonNode gatewayView(String gateway) throws Exception {
        return calls.get("/health/gateways").get(gateway);
    }

    private JsonNode offer(String model, String gateway) throws Exception {
        return GatewayCalls.offer(calls.get("/health/models"), model, gateway);
    }

    private static String gatewayOf(HttpResponse<String> r) {
        return r.headers().firstValue("x-healthgate-gateway").orElse("");
    }

    // ---- 1. fast detection under traffic ----

    @Test
    void anOfferAnswering500IsShownUnhealthyWithinFiveSecondsOfItsFirstFailingCallAndItsRequestsAreRescued() throws Exception {
        start(Scenario.builder().seed(31)
                .gateway("alpha", Protocol.OPENAI, "ALPHA_KEY", "sk-sim-alpha")
                .gateway("beta", Protocol.OPENAI, "BETA_KEY", "sk-sim-beta")
                .offer("alpha", MODEL, "alpha-chat")
                .offer("beta", MODEL, "beta-chat")
                .build(), Map.of());
        for (int i = 0; i < 20; i++) { // healthy traffic first: alpha, first in catalog order, serves it
            assertThat(gatewayOf(calls.chat(MODEL))).isEqualTo("alpha");
            second();
        }
        assertThat(offer(MODEL, "alpha").get("status").asText()).isEqualTo("healthy");

        sim.fleet.control().offerFault("alpha", MODEL, Fault.SERVER_ERROR);
        Integer firstFailure = null;
        Integer shown = null;
        StringBuilder timeline = new StringBuilder();
        for (int i = 0; i < 30 && shown == null; i++) {
            HttpResponse<String> r = calls.chat(MODEL);
            assertThat(r.statusCode()).as("t=%d: a working offer exists, the client sees 200 (%s)", t, r.body()).isEqualTo(200);
            if (firstFailure == null && sim.fleet.requestCount("alpha", MODEL, "server_error") > 0) {
                firstFailure = t;
                assertThat(gatewayOf(r)).as("the failing call was rescued by failover").isEqualTo("beta");
                assertThat(r.headers().firstValue("x-healthgate-attempts")).hasValue("2");
            }
            settle();
            JsonNode a = offer(MODEL, "alpha");
            timeline.append("\n  t=").append(t).append(' ').append(a.get("status").asText()).append(" circuit=")
                    .append(a.get("circuit_state").asText()).append(": ").append(a.get("reason").asText());
            if (a.get("status").asText().equals("unhealthy") || a.get("circuit_state").asText().equals("open")) {
                shown = t;
            }
            second();
        }
        assertThat(firstFailure).as("alpha was called and failed").isNotNull();
        assertThat(shown).as("alpha shown unhealthy or open; timeline:%s", timeline).isNotNull();
        assertThat(shown - firstFailure).as("fake seconds from the first failing call to the view; timeline:%s", timeline)
                .isLessThanOrEqualTo(5);
    }

    // ---- 2. sibling inference ----

    /** Each pair of counting classes: server_error (500), connection_error (reset), timeout (hang past a 1 s first-token deadline). */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} then {1}")
    @org.junit.jupiter.params.provider.CsvSource({"server_error, reset", "reset, hang", "hang, server_error"})
    void twoFailingOffersMakeTheirGatewaySuspectAndItsQuietOffersDegradedUntilASuccess(String firstFault, String secondFault) throws Exception {
        // Probes off: what the gateway learns here comes from client traffic alone (with probes on,
        // the suspect gateway's quiet offers are probed at once and the first success clears it).
        // A hang becomes a timeout at the first-token deadline, a real-time timer: 1 s keeps it short.
        Map<String, String> cfg = new HashMap<>(Map.of("HEALTHGATE_MONITORING_ENABLED", "false"));
        for (String tier : new String[] {"critical", "popular", "standard", "on_demand"}) {
            cfg.put("HEALTHGATE_ROUTING_FIRST_TOKEN_TIMEOUT_SECONDS_" + tier.toUpperCase(java.util.Locale.ROOT), "1");
        }
        start(Scenario.builder().seed(32)
                .gateway("shaky", Protocol.OPENAI, "SHAKY_KEY", "sk-sim-shaky")
                .offer("shaky", "a/one", "one")
                .offer("shaky", "b/two", "two")
                .offer("shaky", "c/three", "three")
                .offer("shaky", "d/four", "four")
                .build(), cfg);
        for (String m : new String[] {"a/one", "b/two", "c/three", "d/four"}) {
            assertThat(calls.chat(m).statusCode()).isEqualTo(200);
        }
        second();
        assertThat(status("c/three", "shaky")).isEqualTo("healthy");
        assertThat(status("d/four", "shaky")).isEqualTo("healthy");
        assertThat(gatewayView("shaky").get("status").asText()).isEqualTo("healthy");

        sim.fleet.control().offerFault("shaky", "a/one", Fault.fromWireName(firstFault)).offerFault("shaky", "b/two", Fault.fromWireName(secondFault));
        seconds(10);
        assertThat(calls.chat("a/one").statusCode()).as("its only offer fails (%s)", firstFault).isGreaterThanOrEqualTo(500);
        second();
        assertThat(gatewayView("shaky").get("status").asText()).as("one failing offer is not a suspect gateway").isNotEqualTo("suspect");
        seconds(20); // the second failure 21 s after the first: within the 30 s sibling window
        assertThat(calls.chat("b/two").statusCode()).as("its only offer fails (%s)", secondFault).isGreaterThanOrEqualTo(500);
        second();
        assertThat(offer("a/one", "shaky").get("last_outcome").asText()).isEqualTo(countingClass(firstFault));
        assertThat(offer("b/two", "shaky").get("last_outcome").asText()).isEqualTo(countingClass(secondFault));
        JsonNode shaky = gatewayView("shaky");
        assertThat(shaky.get("status").asText()).isEqualTo("suspect");
        assertThat(shaky.get("reason").asText()).contains("2 of its offers failed within 30 s");
        for (int i = 0; i < 30; i++) { // no success on the gateway: its quiet offers never read healthy
            for (String m : new String[] {"c/three", "d/four"}) {
                JsonNode o = offer(m, "shaky");
                assertThat(o.get("status").asText()).as("t=%d %s", t, m).isEqualTo("degraded");
                assertThat(o.get("reason").asText()).as("t=%d %s", t, m).startsWith("gateway shaky is suspect: 2 of its offers failed within 30 s");
            }
            second();
        }

        assertThat(calls.chat("c/three").statusCode()).isEqualTo(200);
        second();
        assertThat(gatewayView("shaky").get("status").asText()).as("a success on the gateway clears the suspicion").isNotEqualTo("suspect");
        assertThat(status("c/three", "shaky")).isEqualTo("healthy");
        assertThat(status("d/four", "shaky")).as("its own evidence stands again").isEqualTo("healthy");
    }

    private static String countingClass(String fault) {
        return switch (fault) {
            case "server_error" -> "server_error";
            case "reset" -> "connection_error";
            case "hang" -> "timeout";
            default -> throw new IllegalArgumentException(fault);
        };
    }

    // ---- 3. quiet-gateway canary ----

    private static final int OUTAGE_AT = 600;
    private static final int OUTAGE_SECONDS = 300;
    private static final String[] QUIET = {"q/one", "q/two", "q/three"};

    /** Tier intervals of an hour: between probes, only a canary can see a quiet gateway's outage. */
    private static Map<String, String> hourLongTiers(Map<String, String> more) {
        Map<String, String> cfg = new HashMap<>(more);
        for (String tier : new String[] {"CRITICAL", "POPULAR", "STANDARD", "ON_DEMAND"}) {
            cfg.put("HEALTHGATE_MONITORING_TIERS_" + tier + "_INTERVAL_SECONDS", "3600");
        }
        return cfg;
    }

    private static Scenario quietGateway(Behaviour gatewayWide) {
        Scenario.Builder b = Scenario.builder().seed(33)
                .gateway("quiet", Protocol.OPENAI, "QUIET_KEY", "sk-sim-quiet")
                .gatewayBehaviour("quiet", gatewayWide);
        for (String m : QUIET) {
            b.offer("quiet", m, m.substring(2));
        }
        return b.build();
    }

    private boolean all(java.util.function.Predicate<String> status) throws Exception {
        JsonNode models = calls.get("/health/models");
        for (String m : QUIET) {
            if (!status.test(GatewayCalls.offer(models, m, "quiet").get("status").asText())) {
                return false;
            }
        }
        return true;
    }

    @Test
    void aQuietGatewaysOutageIsSeenByItsCanaryWithin90SecondsAndSoIsItsRecovery() throws Exception {
        JsonNode quiet = quietGatewayOutage(Map.of());
        assertThat(quiet.get("canary_requests").asLong()).as("all in the first clock hour: within the default cap of 120")
                .isLessThanOrEqualTo(120);
        // Canary spend is shown like probe spend: the same count on the dashboard and in /metrics.
        long canaries = quiet.get("canary_requests").asLong();
        assertThat(canaries).as("the quiet gateway was watched by canaries").isPositive();
        JsonNode spend = calls.get("/health/dashboard").get("probe_spend");
        assertThat(spend.get("by_gateway").get("quiet").get("canary_requests").asLong()).isEqualTo(canaries);
        assertThat(spend.get("canary_requests").asLong()).isGreaterThanOrEqualTo(canaries);
        assertThat(calls.text("/metrics")).contains("healthgate_canaries_total{gateway=\"quiet\"} " + canaries + ".0")
                .contains("healthgate_canary_tokens_total{gateway=\"quiet\"} " + quiet.get("canary_tokens").asLong() + ".0");
    }

    @Test
    void withATinyCompletionInEveryCanaryTheTargetsHoldAndItsTokensAreCounted() throws Exception {
        // By default a canary adds its completion only when the models list cannot tell (the outage
        // above is seen on the list, its end by the re-probes): here every canary sends one.
        JsonNode quiet = quietGatewayOutage(Map.of("HEALTHGATE_MONITORING_CANARY_COMPLETION_INTERVAL_SECONDS", "0"));
        assertThat(quiet.get("canary_tokens").asLong()).as("tiny completions spend tokens, counted").isPositive();
        assertThat(quiet.get("canary_requests").asLong()).as("all in the first clock hour: within the default cap of 120")
                .isLessThanOrEqualTo(120);
    }

    /** The quiet gateway's outage, seen within 90 s of its start and its end; returns the gateway's view after. */
    private JsonNode quietGatewayOutage(Map<String, String> more) throws Exception {
        start(quietGateway(Behaviour.NORMAL.withOutage(OUTAGE_AT, OUTAGE_SECONDS, Fault.BAD_GATEWAY)), hourLongTiers(more));
        seconds(OUTAGE_AT - 1);
        assertThat(all(s -> s.equals("healthy"))).as("first probes found every offer healthy; no traffic since").isTrue();
        long canariesBefore = gatewayView("quiet").get("canary_requests").asLong();
        assertThat(canariesBefore).as("a canary each quiet minute").isPositive();

        Integer seen = null;
        while (t < OUTAGE_AT + OUTAGE_SECONDS && seen == null) {
            second();
            if (all(s -> !s.equals("healthy"))) {
                seen = t;
            }
        }
        assertThat(seen).as("every offer of the quiet gateway left healthy during its outage").isNotNull();
        assertThat(seen - OUTAGE_AT).as("fake seconds from the outage start").isLessThanOrEqualTo(90);
        while (t < OUTAGE_AT + OUTAGE_SECONDS - 1) {
            second();
            assertThat(all(s -> !s.equals("healthy"))).as("t=%d, outage on: none healthy", t).isTrue();
        }
        Integer recovered = null;
        while (t < OUTAGE_AT + OUTAGE_SECONDS + 300 && recovered == null) {
            second();
            if (all(s -> s.equals("healthy"))) {
                recovered = t;
            }
        }
        assertThat(recovered).as("recovery seen").isNotNull();
        assertThat(recovered - (OUTAGE_AT + OUTAGE_SECONDS)).as("fake seconds from the outage end").isLessThanOrEqualTo(90);

        JsonNode quiet = gatewayView("quiet");
        assertThat(quiet.get("canary_requests").asLong()).isGreaterThan(canariesBefore);
        return quiet;
    }

    @Test
    void canariesStopAtTheHourlyCapAndResumeTheNextClockHour() throws Exception {
        start(quietGateway(Behaviour.NORMAL), hourLongTiers(Map.of("HEALTHGATE_MONITORING_CANARY_HOURLY_CAP", "6")));
        long[] perHour = new long[2];
        long before = 0;
        for (int hour = 0; hour < 2; hour++) {
            while (t < (hour + 1) * 3600 - 1) {
                second();
            }
            long now = gatewayView("quiet").get("canary_requests").asLong();
            perHour[hour] = now - before;
            before = now;
            second();
        }
        // Uncapped, a quiet gateway gets a canary (its models list, and a completion every half hour) about every minute.
        assertThat(perHour).as("canary requests in each clock hour").containsExactly(6, 6);
    }

    // ---- 4. throttle scoping ----

    @Test
    void a429OnOneModelThrottlesThatOfferOnlyAndRanksItLast() throws Exception {
        start(Scenario.builder().seed(34)
                .gateway("alpha", Protocol.OPENAI, "ALPHA_KEY", "sk-sim-alpha")
                .gateway("beta", Protocol.OPENAI, "BETA_KEY", "sk-sim-beta")
                .gateway("gamma", Protocol.OPENAI, "GAMMA_KEY", "sk-sim-gamma")
                .offer("alpha", "sim/one", "one")
                .offer("alpha", "sim/two", "two")
                .offer("beta", "sim/one", "one")
                .offer("beta", "sim/two", "two")
                .offer("gamma", "sim/one", "one")
                .build(), Map.of());
        for (int i = 0; i < 10; i++) {
            assertThat(gatewayOf(calls.chat("sim/one"))).isEqualTo("alpha");
            assertThat(gatewayOf(calls.chat("sim/two"))).isEqualTo("alpha");
            second();
        }
        sim.fleet.control().setOffer("alpha", "sim/one", Behaviour.NORMAL.withFault(Fault.RATE_LIMITED).withRetryAfter(120));
        HttpResponse<String> first = calls.chat("sim/one");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(gatewayOf(first)).as("the 429 fails over").isEqualTo("beta");
        second();
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> one = calls.chat("sim/one");
            assertThat(one.statusCode()).isEqualTo(200);
            assertThat(gatewayOf(one)).as("t=%d: the throttled offer is not tried first", t).isEqualTo("beta");
            assertThat(one.headers().firstValue("x-healthgate-attempts")).hasValue("1");
            HttpResponse<String> two = calls.chat("sim/two");
            assertThat(gatewayOf(two)).as("t=%d: the gateway's other offer is still routed to", t).isEqualTo("alpha");
            assertThat(two.headers().firstValue("x-healthgate-attempts")).hasValue("1");
            second();
            JsonNode throttled = offer("sim/one", "alpha");
            assertThat(throttled.get("status").asText()).as("t=%d: a rate limit is not a failure", t).isNotEqualTo("unhealthy");
            assertThat(throttled.get("throttle_scope").asText()).isEqualTo("offer");
            assertThat(throttled.get("throttle_reason").asText()).isNotBlank();
            assertThat(throttled.get("throttled_until").isNull()).isFalse();
            JsonNode other = offer("sim/two", "alpha");
            assertThat(other.get("status").asText()).isEqualTo("healthy");
            assertThat(other.get("throttle_scope").isNull()).as("not throttled: %s", other).isTrue();
            assertThat(gatewayView("alpha").get("status").asText()).as("the gateway is not throttled").isEqualTo("healthy");
        }
        // Last among its model's offers: with beta failing, gamma serves, and alpha is not even tried.
        long alphaCalls = sim.fleet.requestCount("alpha", "sim/one");
        sim.fleet.control().offerFault("beta", "sim/one", Fault.SERVER_ERROR);
        HttpResponse<String> r = calls.chat("sim/one");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(gatewayOf(r)).isEqualTo("gamma");
        assertThat(r.headers().firstValue("x-healthgate-attempts")).hasValue("2");
        assertThat(sim.fleet.requestCount("alpha", "sim/one")).isEqualTo(alphaCalls);
    }

    // ---- 5. recovery ----
    // Traffic back on a recovered primary within 60 s, probes off, one request a second, for a
    // primary without a baseline of its own (the fault is set before its first request):
    // HealthAwareRoutingTest.withProbesOffARecoveredPrimaryGetsItsTrafficBackWithinAMinuteAndReadsHealthyAgain.
    // Here the primary first serves a minute of traffic (60 outcomes: past the early warning's
    // min_samples of 30), as a real primary has, then has a five-minute outage (503).

    private static final int RECOVERY_OUTAGE_AT = 60;
    private static final int RECOVERY_OUTAGE_SECONDS = 300;
    private static final int RECOVERY_OUTAGE_END = RECOVERY_OUTAGE_AT + RECOVERY_OUTAGE_SECONDS;

    /** What one run of the outage showed: when alpha first served again and first read healthy after the end, and each status change. */
    private record Recovery(Integer firstServedAfterEnd, Integer healthyAfterEnd, List<String> servedBy, String timeline) {
    }

    /**
     * alpha, the primary of {@value #MODEL}, healthy for a minute, then a 503 outage of five
     * minutes; beta serves meanwhile. One client request a fake second from start to
     * {@code secondsAfterEnd} after the outage's end (stopping once alpha reads healthy when
     * {@code untilHealthy}); every request must succeed.
     */
    private Recovery recoveryRun(Map<String, String> overrides, int secondsAfterEnd, boolean untilHealthy) throws Exception {
        start(Scenario.builder().seed(35)
                .gateway("alpha", Protocol.OPENAI, "ALPHA_KEY", "sk-sim-alpha")
                .gateway("beta", Protocol.OPENAI, "BETA_KEY", "sk-sim-beta")
                .offer("alpha", MODEL, "alpha-chat",
                        Behaviour.NORMAL.withOutage(RECOVERY_OUTAGE_AT, RECOVERY_OUTAGE_SECONDS, Fault.UNAVAILABLE))
                .offer("beta", MODEL, "beta-chat")
                .build(), overrides);
        StringBuilder timeline = new StringBuilder();
        String last = "";
        Integer served = null;
        Integer healthy = null;
        List<String> servedBy = new ArrayList<>();
        while (t < RECOVERY_OUTAGE_END + secondsAfterEnd && !(untilHealthy && healthy != null)) {
            HttpResponse<String> r = calls.chat(MODEL);
            assertThat(r.statusCode()).as("t=%d: a working offer exists, every request succeeds", t).isEqualTo(200);
            if (t >= RECOVERY_OUTAGE_END) {
                servedBy.add(gatewayOf(r));
                if (served == null && gatewayOf(r).equals("alpha")) {
                    served = t - RECOVERY_OUTAGE_END;
                }
            }
            second();
            JsonNode a = offer(MODEL, "alpha");
            String s = a.get("status").asText();
            if (!s.equals(last)) {
                timeline.append("\n  t=").append(t).append(' ').append(s).append(": ").append(a.get("reason").asText());
                last = s;
            }
            if (t == RECOVERY_OUTAGE_AT + 30) {
                assertThat(s).as("the outage was seen").isNotEqualTo("healthy");
            }
            if (healthy == null && t > RECOVERY_OUTAGE_END && s.equals("healthy")) {
                healthy = t - RECOVERY_OUTAGE_END;
            }
        }
        return new Recovery(served, healthy, servedBy, timeline.toString());
    }

    private static void assertHealthyWithin30Seconds(Recovery run) {
        assertThat(run.healthyAfterEnd()).as("alpha read healthy again; statuses:%s", run.timeline()).isNotNull();
        assertThat(run.healthyAfterEnd()).as("fake seconds from the outage end; statuses:%s", run.timeline()).isLessThanOrEqualTo(30);
    }

    @Test
    void aRecoveredOfferReadsHealthyWithin30SecondsOfItsOutageEndWithTrafficAndProbes() throws Exception {
        assertHealthyWithin30Seconds(recoveryRun(Map.of(), 600, true));
    }

    @Test
    void withTheEarlyWarningOffARecoveredOfferReadsHealthyWithin30SecondsOfItsOutageEnd() throws Exception {
        // The same run as above with only the early warning (the drift detector) off: the status
        // ladder, probes and recovery trials alone meet the target.
        assertHealthyWithin30Seconds(recoveryRun(Map.of("HEALTHGATE_MONITORING_ANOMALY_ENABLED", "false"), 120, true));
    }

    @Test
    void withProbesOffARecoveredPrimaryWithItsOwnBaselineGetsItsTrafficBackWithinAMinuteAndKeepsIt() throws Exception {
        Recovery run = recoveryRun(Map.of("HEALTHGATE_MONITORING_ENABLED", "false"), 120, false);
        assertThat(run.firstServedAfterEnd()).as("a live trial reached the recovered primary; statuses:%s", run.timeline()).isNotNull();
        assertThat(run.firstServedAfterEnd()).as("fake seconds from the outage end").isLessThan(60);
        assertThat(run.servedBy().subList(60, run.servedBy().size())).as("from a minute after the end, the primary serves; statuses:%s",
                run.timeline()).containsOnly("alpha");
        assertHealthyWithin30Seconds(run);
    }
}
