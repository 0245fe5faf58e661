package io.healthgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.app.Healthgate;
import io.healthgate.config.HealthgateConfig;
import io.healthgate.config.StorageConfig;
import io.healthgate.store.Database;
import io.healthgate.store.JdbcOutcomeHistory;
import io.healthgate.support.FakeClock;
import io.healthgate.support.SlaWeek;
import io.healthgate.support.TestCatalogs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SLA outputs agree on a scripted week of history ({@link SlaWeek}, stored in SQLite):
 * {@code GET /health/sla} from the running gateway, and {@code healthgate report} as JSON,
 * Markdown and CSV, over the same range. (The dashboard section is checked against the same
 * JSON, on the same week, in {@code DashboardBrowserTest}.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.Timeout(120)
class SlaOutputsAgreeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Instant END = Instant.parse("2026-03-01T12:00:00Z");
    static final String FROM = "2026-02-22T00:00:00Z";
    static final String TO = "2026-03-01T12:00:00Z";

    private final FakeClock clock = new FakeClock(END);
    private String url;
    private Healthgate gateway;
    private JsonNode api;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        url = "jdbc:sqlite:" + dir.resolve("week.db");
        try (Database db = Database.open(url)) {
            new JdbcOutcomeHistory(db).append(SlaWeek.ending(END));
        }
        HealthgateConfig demo = HealthgateConfig.defaults().withServer(new io.healthgate.config.ServerConfig("127.0.0.1", 0,
                io.healthgate.config.ServerConfig.DEFAULT_MAX_BODY_BYTES, 1));
        HealthgateConfig config = demo.withMonitoring(new HealthgateConfig.Monitoring(false, demo.monitoring().health()))
                .withStorage(new StorageConfig(url));
        var catalog = TestCatalogs.builder().gateway("groq").gateway("together").model("meta-llama/llama-3.3-70b", "groq", "together").build();
        gateway = Healthgate.create(config, Healthgate.Settings.from(config).withInstances(1).withShutdownGrace(Duration.ofSeconds(1)),
                catalog, Map.of(), clock).start();
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/health/sla?from=" + FROM + "&to=" + TO))
                    .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            api = JSON.readTree(r.body());
        }
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private String report(String format) {
        ReportCommand command = new ReportCommand();
        command.clock = clock;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("--db", url, "--from", FROM, "--to", TO, "--format", format);
        assertThat(exit).as(err.toString()).isZero();
        return out.toString();
    }

    @Test
    void theWeekHasItsThreeIncidentsAndTwoGateways() {
        assertThat(api.get("incidents")).hasSize(3);
        assertThat(api.get("gateways")).extracting(g -> g.get("gateway").asText()).containsExactly("groq", "together");
        assertThat(api.at("/overall/counted_calls").asLong()).isPositive();
    }

    @Test
    void theReportsJsonIsTheEndpointsJson() throws Exception {
        ObjectNode fromReport = (ObjectNode) JSON.readTree(report("json"));
        assertThat(fromReport).isEqualTo(api);
    }

    @Test
    void theMarkdownTablesShowTheSameFigures() {
        String md = report("md");
        assertThat(md).contains("Overall availability **" + api.at("/overall/availability").asText() + "%**");
        for (JsonNode g : api.get("gateways")) {
            String row = Arrays.stream(md.split("\n")).filter(l -> l.startsWith("| " + g.get("gateway").asText() + " | ")).findFirst().orElseThrow();
            List<String> cells = cells(row);
            assertThat(cells.get(1)).isEqualTo(g.get("availability").asText() + "%");
            assertThat(cells.get(2)).isEqualTo(g.at("/error_budget/target").asText() + "%");
            assertThat(cells.get(3)).isEqualTo(g.at("/error_budget/consumed_percent").asText() + "%");
            assertThat(cells.get(4)).isEqualTo(g.at("/error_budget/burn_rate").asText());
            assertThat(cells.get(5)).isEqualTo(g.get("counted_calls").asText());
            assertThat(cells.get(6)).isEqualTo(g.get("failures").asText());
            assertThat(cells.get(7)).isEqualTo(g.at("/ttfb_ms/p50").asText() + "/" + g.at("/ttfb_ms/p95").asText() + "/" + g.at("/ttfb_ms/p99").asText());
            assertThat(cells.get(9)).isEqualTo(g.at("/excluded/rate_limited").asText());
            assertThat(cells.get(15)).isEqualTo(g.get("incidents").asText());
        }
        List<String> incidentRows = Arrays.stream(md.split("\n")).filter(l -> l.matches("\\| (groq|together) \\| 20.*")).toList();
        assertThat(incidentRows).hasSize(api.get("incidents").size());
        for (int i = 0; i < incidentRows.size(); i++) {
            JsonNode inc = api.get("incidents").get(i);
            List<String> cells = cells(incidentRows.get(i));
            assertThat(cells.get(0)).isEqualTo(inc.get("gateway").asText());
            assertThat(cells.get(1)).isEqualTo(inc.get("start").asText());
            assertThat(cells.get(2)).isEqualTo(inc.get("ongoing").asBoolean() ? "ongoing" : inc.get("end").asText());
            assertThat(cells.get(5)).isEqualTo(inc.get("dominant_class").asText());
            assertThat(cells.get(6)).isEqualTo(inc.get("detected_by").asText());
            assertThat(cells.get(7)).isEqualTo(inc.get("failures").asText());
        }
    }

    @Test
    void theCsvRowsShowTheSameFigures() {
        String[] parts = report("csv").split("\n\n", 2);
        List<String> figures = Arrays.asList(parts[0].split("\n"));
        List<String> header = Arrays.asList(figures.get(0).split(","));
        for (JsonNode g : api.get("gateways")) {
            String row = figures.stream().filter(l -> l.startsWith("gateway," + g.get("gateway").asText() + ",")).findFirst().orElseThrow();
            List<String> cells = Arrays.asList(row.split(",", -1));
            assertThat(cells.get(header.indexOf("counted_calls"))).isEqualTo(g.get("counted_calls").asText());
            assertThat(cells.get(header.indexOf("failures"))).isEqualTo(g.get("failures").asText());
            assertThat(cells.get(header.indexOf("availability_percent"))).isEqualTo(g.get("availability").asText());
            assertThat(cells.get(header.indexOf("target_percent"))).isEqualTo(g.at("/error_budget/target").asText());
            assertThat(cells.get(header.indexOf("budget_consumed_percent"))).isEqualTo(g.at("/error_budget/consumed_percent").asText());
            assertThat(cells.get(header.indexOf("ttfb_p99_ms"))).isEqualTo(g.at("/ttfb_ms/p99").asText());
            assertThat(cells.get(header.indexOf("rate_limited"))).isEqualTo(g.at("/excluded/rate_limited").asText());
            assertThat(cells.get(header.indexOf("incidents"))).isEqualTo(g.get("incidents").asText());
        }
        String overall = figures.stream().filter(l -> l.startsWith("overall,")).findFirst().orElseThrow();
        assertThat(overall.split(",", -1)[header.indexOf("availability_percent")]).isEqualTo(api.at("/overall/availability").asText());
        List<String> incidents = new ArrayList<>(Arrays.asList(parts[1].split("\n")));
        assertThat(incidents.remove(0)).startsWith("incident_gateway,");
        assertThat(incidents).hasSize(api.get("incidents").size());
        for (int i = 0; i < incidents.size(); i++) {
            JsonNode inc = api.get("incidents").get(i);
            String[] cells = incidents.get(i).split(",", -1);
            assertThat(cells[0]).isEqualTo(inc.get("gateway").asText());
            assertThat(cells[1]).isEqualTo(inc.get("start").asText());
            assertThat(cells[3]).isEqualTo(inc.get("duration_seconds").asText());
            assertThat(cells[6]).isEqualTo(inc.get("dominant_class").asText());
            assertThat(cells[7]).isEqualTo(inc.get("detected_by").asText());
        }
    }

    @Test
    void aBadWindowOrFormatExitsTwoNamingIt() {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new HealthgateCommand()).setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err))
                .execute("report", "--db", url, "--window", "fortnight");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("'fortnight'");
        StringWriter err2 = new StringWriter();
        int exit2 = new CommandLine(new HealthgateCommand()).setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err2))
                .execute("report", "--db", url, "--format", "xlsx");
        assertThat(exit2).isEqualTo(2);
        assertThat(err2.toString()).contains("md, json or csv").contains("'xlsx'");
    }

    private static List<String> cells(String row) {
        String inner = row.substring(2, row.length() - 2);
        return Arrays.stream(inner.split(" \\| ", -1)).map(String::trim).toList();
    }
}
