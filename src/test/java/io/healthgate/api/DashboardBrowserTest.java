package io.healthgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opens {@code /dashboard} in headless Chromium against a server fed the scripted fleet, checks the
 * figures shown equal the JSON endpoints, that the page fits a laptop and a phone without
 * sideways scrolling and logs no errors (a CSP violation or a script error would), and saves
 * screenshots under {@code target/}. Skips when chromium or chromedriver is missing, except under
 * {@code CI=true}, where that is a failure.
 */
@org.junit.jupiter.api.Timeout(120)
class DashboardBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path profile;
    private static ViewsScenario fleet;
    private static ViewsServer server;
    private static ChromeDriverService service;
    private static ChromeDriver driver;

    @BeforeAll
    static void start() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String missing = "headless browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
                + " (Debian: apt-get install -y chromium chromium-driver)";
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(missing + "; CI=true, so this is a failure, not a skip");
        }
        Assumptions.assumeTrue(present, missing + "; skipping");

        fleet = ViewsScenario.scripted();
        server = new ViewsServer(fleet.services(OperatorSettings.open(), Reloader.UNSUPPORTED));
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1280,800", "--lang=en-US");
        org.openqa.selenium.logging.LoggingPreferences logs = new org.openqa.selenium.logging.LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    private static void viewport(int width, int height, boolean mobile) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", mobile ? 2 : 1, "mobile", mobile));
    }

    private static void open() {
        open("");
    }

    private static void open(String query) {
        driver.get(server.baseUrl() + "/dashboard" + query);
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-loaded")));
    }

    private static String shown(String testId) {
        return driver.findElement(By.cssSelector("[data-testid='" + testId + "']")).getText().trim();
    }

    private static JsonNode json(String path) throws Exception {
        return JSON.readTree(server.get(path).body());
    }

    private static void screenshot(String name) throws Exception {
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(target)).isGreaterThan(10_000);
    }

    private static List<String> severeLogs() {
        List<String> out = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue() && !e.getMessage().contains("favicon.ico")) {
                out.add(e.getMessage());
            }
        }
        return out;
    }

    private static long scrollOverflow() {
        return (Long) driver.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
    }

    @Test
    void laptopViewShowsTheSameFiguresAsTheJson() throws Exception {
        viewport(1280, 800, false);
        open();
        JsonNode dash = json("/health/dashboard");
        JsonNode sys = json("/health/system");
        JsonNode gws = json("/health/gateways");
        JsonNode history = json("/health/history?hours=24");

        JsonNode overall = dash.get("overall_health");
        assertThat(shown("health-percentage")).isEqualTo(overall.get("health_percentage").asText()).isEqualTo("75.0%");
        assertThat(shown("overall-status")).isEqualTo(overall.get("status").asText());
        assertThat(shown("healthy-models")).isEqualTo(overall.get("healthy_models").asText()).isEqualTo("3");
        assertThat(shown("total-models")).isEqualTo(overall.get("total_models").asText()).isEqualTo("4");
        assertThat(shown("unhealthy-models")).isEqualTo(overall.get("unhealthy_models").asText()).isEqualTo("1");
        assertThat(shown("coverage-percentage")).isEqualTo(String.format(java.util.Locale.ROOT, "%.1f%%", sys.get("coverage_percentage").asDouble()));
        assertThat(shown("gateways-healthy")).isEqualTo(dash.get("gateways").get("healthy").asText());
        assertThat(shown("gateways-total")).isEqualTo(dash.get("gateways").get("total").asText());
        assertThat(shown("gateways-unconfigured")).isEqualTo(dash.get("gateways").get("unconfigured").asText());
        assertThat(shown("catalog-models")).isEqualTo(sys.get("catalog_models").asText());
        assertThat(shown("tracked-offers")).isEqualTo(sys.get("tracked_offers").asText());
        assertThat(shown("probe-requests")).isEqualTo(dash.get("probe_spend").get("requests").asText());
        assertThat(shown("probe-tokens")).isEqualTo(dash.get("probe_spend").get("tokens").asText());
        assertThat(shown("canary-requests")).isEqualTo(dash.get("probe_spend").get("canary_requests").asText());
        assertThat(shown("canary-tokens")).isEqualTo(dash.get("probe_spend").get("canary_tokens").asText());
        assertThat(shown("routing-mode")).isEqualTo(dash.get("routing_mode").asText().replace('_', '-'));

        List<WebElement> rows = driver.findElements(By.cssSelector("[data-testid='gateway-row']"));
        List<String> names = new ArrayList<>();
        gws.fieldNames().forEachRemaining(names::add);
        assertThat(rows).extracting(r -> r.getDomAttribute("data-gateway")).containsExactlyInAnyOrderElementsOf(names);
        // Most urgent first: the rejected key before the missing one, healthy gateways after both.
        assertThat(rows).extracting(r -> r.getDomAttribute("data-gateway")).containsExactly("openrouter", "together", "fireworks", "groq");
        for (WebElement row : rows) {
            JsonNode g = gws.get(row.getDomAttribute("data-gateway"));
            assertThat(row.findElement(By.cssSelector("[data-testid='gw-status']")).getText()).isEqualTo(g.get("status").asText().replace('_', ' '));
            assertThat(row.findElement(By.cssSelector("[data-testid='gw-configured']")).getDomAttribute("data-configured"))
                    .isEqualTo(g.get("configured").asText());
            assertThat(row.findElement(By.cssSelector("[data-testid='gw-offers']")).getText())
                    .isEqualTo(g.get("healthy_offers").asText() + " / " + g.get("total_offers").asText());
            assertThat(row.findElement(By.cssSelector("[data-testid='gw-breakers']")).getText()).isEqualTo(g.get("breakers_open").asText());
            assertThat(row.getText()).contains(g.get("api_key_env").asText());
        }

        List<WebElement> recs = driver.findElements(By.cssSelector("[data-testid='recommendation']"));
        assertThat(recs).hasSize(dash.get("recommendations").size());
        for (int i = 0; i < recs.size(); i++) {
            JsonNode r = dash.get("recommendations").get(i);
            assertThat(recs.get(i).getDomAttribute("data-priority")).isEqualTo(r.get("priority").asText());
            assertThat(recs.get(i).getText()).contains(r.get("action").asText()).contains(r.get("details").asText());
        }

        List<String> unhealthyJson = new ArrayList<>();
        for (Iterator<JsonNode> it = dash.get("unhealthy_models_by_provider").elements(); it.hasNext(); ) {
            it.next().forEach(m -> unhealthyJson.add(m.get("model_id").asText()));
        }
        assertThat(driver.findElements(By.cssSelector("[data-testid='unhealthy-model']")))
                .extracting(e -> e.getDomAttribute("data-model")).containsExactlyElementsOf(unhealthyJson);
        assertThat(shown("unhealthy-reason")).isNotBlank();

        WebElement chart = driver.findElement(By.cssSelector("[data-testid='history-chart']"));
        assertThat(chart.getDomAttribute("data-points")).isEqualTo(String.valueOf(history.get("points").size())).isEqualTo("48");
        assertThat(chart.findElements(By.cssSelector("svg [data-testid='history-line']"))).hasSize(1);

        assertThat(scrollOverflow()).as("no sideways scrolling at 1280 px").isLessThanOrEqualTo(0);
        assertThat(severeLogs()).as("browser console errors (script errors, CSP violations)").isEmpty();
        screenshot("dashboard-desktop.png");
        Long fullHeight = (Long) driver.executeScript("return document.documentElement.scrollHeight;");
        viewport(1280, (int) Math.min(4000, fullHeight), false);
        screenshot("dashboard-desktop-full.png");
    }

    @Test
    void slaSectionShowsTheSameFiguresAsTheSlaJson() throws Exception {
        viewport(1280, 800, false);
        open();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-sla-loaded")));
        JsonNode sla = json("/health/sla?window=7d");

        List<WebElement> rows = driver.findElements(By.cssSelector("[data-testid='sla-row']"));
        assertThat(rows).extracting(r -> r.getDomAttribute("data-gateway")).containsExactly("groq", "together");
        for (WebElement row : rows) {
            JsonNode g = null;
            for (JsonNode x : sla.get("gateways")) {
                if (x.get("gateway").asText().equals(row.getDomAttribute("data-gateway"))) {
                    g = x;
                }
            }
            assertThat(g).isNotNull();
            assertThat(percent(cell(row, "sla-availability"))).isEqualTo(g.get("availability").asDouble());
            assertThat(percent(cell(row, "sla-target"))).isEqualTo(g.at("/error_budget/target").asDouble());
            assertThat(percent(cell(row, "sla-budget"))).isEqualTo(g.at("/error_budget/consumed_percent").asDouble());
            assertThat(count(cell(row, "sla-counted"))).isEqualTo(g.get("counted_calls").asLong());
            assertThat(count(cell(row, "sla-failures"))).isEqualTo(g.get("failures").asLong());
            assertThat(cell(row, "sla-ttfb")).isEqualTo(g.at("/ttfb_ms/p50").asText() + " / " + g.at("/ttfb_ms/p95").asText()
                    + " / " + g.at("/ttfb_ms/p99").asText() + " ms");
            long excluded = 0;
            for (JsonNode n : g.get("excluded")) {
                excluded += n.asLong();
            }
            assertThat(count(cell(row, "sla-excluded"))).isEqualTo(excluded);
            assertThat(cell(row, "sla-incident-total")).isEqualTo(g.get("incidents").asText());
            List<String> days = new ArrayList<>();
            g.get("daily").forEach(d -> days.add(d.get("availability").isNull() ? "" : String.valueOf(d.get("availability").asDouble())));
            String[] drawn = row.findElement(By.cssSelector("[data-testid='sla-spark']")).getDomAttribute("data-values").split(",", -1);
            assertThat(drawn).hasSize(days.size());
            for (int i = 0; i < drawn.length; i++) {
                assertThat(drawn[i].isEmpty() ? "" : String.valueOf(Double.parseDouble(drawn[i]))).as("day " + i).isEqualTo(days.get(i));
            }
        }

        List<WebElement> incidents = driver.findElements(By.cssSelector("[data-testid='sla-incident']"));
        JsonNode expected = sla.get("incidents");
        assertThat(incidents).hasSize(expected.size()).hasSize(3);
        for (int i = 0; i < incidents.size(); i++) {
            JsonNode inc = expected.get(expected.size() - 1 - i); // newest first on the page
            WebElement row = incidents.get(i);
            assertThat(row.getDomAttribute("data-gateway")).isEqualTo(inc.get("gateway").asText());
            assertThat(row.getDomAttribute("data-start")).isEqualTo(inc.get("start").asText());
            assertThat(row.findElement(By.cssSelector("[data-testid='sla-incident-duration']")).getDomAttribute("data-seconds"))
                    .isEqualTo(inc.get("duration_seconds").asText());
            assertThat(cell(row, "sla-incident-class")).isEqualTo(inc.get("dominant_class").asText().replace('_', ' '));
            assertThat(cell(row, "sla-incident-detected")).isEqualTo(inc.get("detected_by").asText());
            inc.get("affected_offers").forEach(o -> assertThat(row.getText()).contains(o.asText()));
        }
        assertThat(shown("sla-summary")).contains(sla.at("/overall/availability").asText() + "%").contains("3 incidents");

        assertThat(severeLogs()).isEmpty();
        WebElement section = driver.findElement(By.cssSelector("[data-testid='sla-section']"));
        driver.executeScript("arguments[0].scrollIntoView(true);", section);
        Path target = Path.of("target", "dashboard-sla.png");
        Files.createDirectories(target.getParent());
        Files.copy(section.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(target)).isGreaterThan(10_000);
    }

    @Test
    void successMetricsPanelShowsTheSameFiguresAsTheDashboardJson() throws Exception {
        viewport(1280, 800, false);
        open();
        JsonNode metrics = json("/health/dashboard").get("success_metrics");
        List<WebElement> tiles = driver.findElements(By.cssSelector("[data-testid='success-metric']"));

        assertThat(metrics).hasSize(6);
        assertThat(tiles).extracting(t -> t.getDomAttribute("data-key"))
                .containsExactly("model_health", "gateway_health", "failed_requests", "response_time", "false_timeouts", "breakers_open");
        for (int i = 0; i < tiles.size(); i++) {
            JsonNode m = metrics.get(i);
            WebElement t = tiles.get(i);
            String unit = m.get("unit").asText().equals("percent") ? "%" : m.get("unit").asText().equals("ms") ? " ms" : "";
            assertThat(number(cell(t, "sm-value"))).as(m.get("key").asText()).isEqualTo(m.get("value").isNull() ? null : m.get("value").asDouble());
            assertThat(cell(t, "sm-target")).startsWith(m.at("/target/comparison").asText() + " ");
            assertThat(number(cell(t, "sm-target").substring(2))).isEqualTo(m.at("/target/value").isNull() ? null : m.at("/target/value").asDouble());
            assertThat(cell(t, "sm-met")).isEqualTo(m.get("met").isNull() ? "unknown" : m.get("met").asBoolean() ? "met" : "not met");
            assertThat(t.getText()).contains(m.get("definition").asText());
            if (!m.get("value").isNull()) {
                assertThat(cell(t, "sm-value")).endsWith(unit.isEmpty() ? cell(t, "sm-value") : unit);
            }
            String values = t.findElement(By.cssSelector("[data-testid='sm-trend']")).getDomAttribute("data-values");
            List<String> expected = new ArrayList<>();
            m.get("trend_7d").forEach(v -> expected.add(v.isNull() ? "" : String.valueOf(v.asDouble())));
            List<String> drawn = values.isEmpty() && expected.isEmpty() ? List.of()
                    : java.util.Arrays.stream(values.split(",", -1)).map(v -> v.isEmpty() ? "" : String.valueOf(Double.parseDouble(v))).toList();
            assertThat(drawn).as(m.get("key").asText() + " trend").isEqualTo(expected);
        }
        assertThat(severeLogs()).isEmpty();
    }

    private static Double number(String shown) {
        String v = shown.replace("%", "").replace("ms", "").trim();
        return v.equals("–") ? null : Double.valueOf(v);
    }

    private static String cell(WebElement row, String testId) {
        return row.findElement(By.cssSelector("[data-testid='" + testId + "']")).getText().trim();
    }

    private static double percent(String shown) {
        return Double.parseDouble(shown.replace("%", "").trim());
    }

    private static long count(String shown) {
        return Long.parseLong(shown.replace(",", "").trim());
    }

    @Test
    void pageRefreshesItselfAndShowsTheNewState() {
        viewport(1280, 800, false);
        open("?refresh=2");
        assertThat(shown("routing-mode")).isEqualTo("health-aware");
        fleet.routing.set(io.healthgate.routing.RoutingMode.ORDERED);
        try {
            new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> shown("routing-mode").equals("ordered"));
        } finally {
            fleet.routing.set(io.healthgate.routing.RoutingMode.HEALTH_AWARE);
        }
        assertThat(Integer.parseInt(driver.findElement(By.tagName("body")).getDomAttribute("data-refreshes"))).isGreaterThanOrEqualTo(2);
    }

    @Test
    void beforeAnyEvidenceThePageSaysSoInsteadOfShowingZero() {
        ViewsScenario empty = ViewsScenario.empty();
        try (ViewsServer blank = new ViewsServer(empty.services(OperatorSettings.open(), Reloader.UNSUPPORTED))) {
            viewport(1280, 800, false);
            driver.get(blank.baseUrl() + "/dashboard");
            new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-loaded")));

            assertThat(shown("overall-status")).isEqualTo("status unknown");
            assertThat(shown("health-percentage")).isEqualTo("–");
            assertThat(shown("banner")).startsWith("Health data not yet available");
            assertThat(driver.findElement(By.cssSelector("[data-testid='history-chart']")).getDomAttribute("data-points")).isEqualTo("0");
            assertThat(driver.findElement(By.tagName("body")).getText()).doesNotContain("0.0%");
        }
    }

    @Test
    void phoneViewFitsTheScreenAndKeepsTheKeyFigures() throws Exception {
        viewport(390, 844, true);
        open();
        JsonNode dash = json("/health/dashboard");

        assertThat(shown("health-percentage")).isEqualTo(dash.get("overall_health").get("health_percentage").asText());
        assertThat(driver.findElement(By.cssSelector("[data-testid='health-percentage']")).isDisplayed()).isTrue();
        assertThat(driver.findElements(By.cssSelector("[data-testid='gateway-row']"))).hasSize(4);
        assertThat(scrollOverflow()).as("no sideways scrolling at 390 px").isLessThanOrEqualTo(0);
        assertThat(severeLogs()).isEmpty();
        screenshot("dashboard-phone.png");
        Long fullHeight = (Long) driver.executeScript("return document.documentElement.scrollHeight;");
        viewport(390, (int) Math.min(6000, fullHeight), true);
        screenshot("dashboard-phone-full.png");
    }
}
