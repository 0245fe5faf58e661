package io.healthgate.api;

import io.healthgate.catalog.OfferId;
import io.healthgate.health.Outcome;
import io.healthgate.health.OutcomeClass;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The Prometheus text: the expected series with the scripted fleet's numbers, and labels bounded by the catalog. */
@org.junit.jupiter.api.Timeout(120)
class MetricsRecorderTest {
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    @Test
    void scrapeHasRequestsLatencyBreakersHealthAndProbeSeries() {
        ViewsScenario fleet = ViewsScenario.scripted();
        fleet.metrics.failover(ViewsScenario.TOGETHER_MISTRAL, OutcomeClass.SERVER_ERROR);
        fleet.metrics.planFailOpen();
        fleet.metrics.hedge(ViewsScenario.GROQ_LLAMA);
        String text = fleet.metrics.scrape();

        assertThat(text)
                .contains("healthgate_requests_total{gateway=\"groq\",model=\"meta-llama/llama-3.3-70b\",outcome=\"success\",source=\"live\"} 5.0")
                .contains("healthgate_requests_total{gateway=\"together\",model=\"mistralai/mistral-large\",outcome=\"server_error\",source=\"live\"} 5.0")
                .contains("healthgate_requests_total{gateway=\"together\",model=\"meta-llama/llama-3.3-70b\",outcome=\"success\",source=\"probe\"} 1.0")
                .contains("healthgate_upstream_ttfb_seconds_bucket{gateway=\"groq\",le=\"0.25\"} 8")
                .contains("healthgate_upstream_duration_seconds_count{gateway=\"groq\"} 8")
                .contains("healthgate_failovers_total{gateway=\"together\",outcome=\"server_error\"} 1.0")
                .contains("healthgate_plan_fail_open_total 1.0")
                .contains("healthgate_hedges_total{gateway=\"groq\"} 1.0")
                .contains("healthgate_breaker_state{gateway=\"together\",model=\"mistralai/mistral-large\"} 2.0")
                .contains("healthgate_breaker_state{gateway=\"groq\",model=\"meta-llama/llama-3.3-70b\"} 0.0")
                .contains("healthgate_breakers_open 1.0")
                .contains("healthgate_health_percentage 75.0")
                .contains("healthgate_probes_total{gateway=\"together\"} 1.0")
                .contains("healthgate_probe_tokens_total{gateway=\"together\"} 7.0")
                .contains("healthgate_false_timeouts_avoided_total 0.0")
                .contains("healthgate_models{status=\"unhealthy\"} 1.0")
                .contains("healthgate_gateways{status=\"unconfigured\"} 1.0")
                .contains("jvm_memory_used_bytes")
                .contains("jvm_gc_")
                .contains("process_uptime_seconds");
        assertThat(text).doesNotContainPattern("healthgate_upstream_ttfb_seconds_bucket\\{[^}]*model=");
    }

    @Test
    void healthPercentageIsNaNNotZeroBeforeAnyEvidence() {
        String text = ViewsScenario.empty().metrics.scrape();
        assertThat(text).contains("healthgate_health_percentage NaN");
    }

    @Test
    void labelsStayWithinTheCatalogAndUnknownModelsAreCountedAsUnknown() {
        ViewsScenario fleet = ViewsScenario.scripted();
        fleet.metrics.onOutcome(Outcome.success(new OfferId("groq", "user typed THIS model 123"), Outcome.Source.LIVE,
                Duration.ofMillis(10), fleet.clock.instant()));
        fleet.metrics.onOutcome(Outcome.success(new OfferId("made-up-gateway", "x/y"), Outcome.Source.LIVE,
                Duration.ofMillis(10), fleet.clock.instant()));
        String text = fleet.metrics.scrape();

        assertThat(text).doesNotContain("user typed THIS").doesNotContain("made-up-gateway")
                .contains("healthgate_requests_total{gateway=\"groq\",model=\"unknown\",outcome=\"success\",source=\"live\"} 1.0")
                .contains("healthgate_requests_total{gateway=\"unknown\",model=\"unknown\",outcome=\"success\",source=\"live\"} 1.0");
        Set<String> gateways = new HashSet<>(Set.of("unknown"));
        fleet.catalog.gateways().forEach(g -> gateways.add(g.name()));
        Set<String> models = new HashSet<>(Set.of("unknown"));
        fleet.catalog.models().forEach(m -> models.add(m.id()));
        Set<String> allowedKeys = Set.of("gateway", "model", "outcome", "source", "status", "le");
        for (String line : text.lines().filter(l -> l.startsWith("healthgate_")).toList()) {
            Matcher m = LABEL.matcher(line);
            while (m.find()) {
                assertThat(allowedKeys).as(line).contains(m.group(1));
                if (m.group(1).equals("gateway")) {
                    assertThat(gateways).as(line).contains(m.group(2));
                }
                if (m.group(1).equals("model")) {
                    assertThat(models).as(line).contains(m.group(2));
                }
            }
        }
    }

    @Test
    void metricsEndpointServesPrometheusText() {
        ViewsScenario fleet = ViewsScenario.scripted();
        try (ViewsServer s = new ViewsServer(fleet.services(OperatorSettings.open(), Reloader.UNSUPPORTED))) {
            HttpResponse<String> r = s.get("/metrics");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(r.body()).contains("# TYPE healthgate_requests_total counter");
        }
    }
}
