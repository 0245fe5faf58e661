package io.healthgate.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthgate.config.CatalogFactory;
import io.healthgate.config.ConfigLoader;
import io.healthgate.config.HealthgateConfig;
import io.healthgate.simulator.SimulatedFleet;
import io.healthgate.support.TestFleets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator documents cannot drift from the code. docs/TROUBLESHOOTING.md: every endpoint, JSON
 * field, metric, header and log line that an entry's "Confirm" item names is checked against the
 * real gateway (the composition root on a random port, in front of the simulated fleet, with a
 * SQLite store) and against the sources; the markup is explained at the top of the document.
 * docs/METRICS.md: its table and the gateway's {@code /metrics} list the same families.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class OperatorDocsTest {
    private static final Path DOC = Path.of("docs", "TROUBLESHOOTING.md");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SPAN = Pattern.compile("`([^`]+)`");
    private static final Pattern ENDPOINT = Pattern.compile("GET (/\\S*)");
    private static final Pattern FIELD = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z0-9_]+)*");
    private static final List<String> ISSUE_SYMPTOMS = List.of("unhealthy but works when called directly",
            "`misconfigured` or `unconfigured`", "Everything is `unknown`", "Health % looks low", "Probe spend is high",
            "alert did not arrive", "arrived twice", "slow only through the gateway", "Streams end with an error event",
            "store or Redis is down", "`audit-keys` says rejected");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private SimulatedFleet fleet;
    private Healthgate gateway;
    private HttpResponse<String> chat;

    /** One entry's "Confirm" item, in document order. */
    record Confirm(String symptom, String text) {
    }

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        fleet = SimulatedFleet.start(null, TestFleets.small(), 0);
        Path file = dir.resolve("healthgate.yaml");
        Files.writeString(file, """
                storage: { url: "jdbc:sqlite:%s" }
                gateways:
                  - { name: groq, base_url: "%s", protocol: openai, api_key_env: GROQ_API_KEY }
                  - { name: together, base_url: "%s", protocol: openai, api_key_env: TOGETHER_API_KEY }
                  - { name: nokey, base_url: "%s", protocol: openai, api_key_env: NO_SUCH_KEY_SET }
                models:
                  - id: %s
                    provider: meta-llama
                    offers:
                      - { gateway: groq, model: llama-3.3-70b-versatile }
                      - { gateway: together, model: meta-llama/Llama-3.3-70B-Instruct-Turbo }
                      - { gateway: nokey, model: llama }
                """.formatted(dir.resolve("health.db"), fleet.gatewayBaseUrl("groq"), fleet.gatewayBaseUrl("together"),
                fleet.gatewayBaseUrl("groq"), TestFleets.LLAMA));
        Map<String, String> env = Map.of("GROQ_API_KEY", TestFleets.GROQ_KEY, "TOGETHER_API_KEY", TestFleets.TOGETHER_KEY);
        HealthgateConfig cfg = ConfigLoader.load(Optional.of(file), env);
        gateway = Healthgate.create(cfg, Healthgate.Settings.from(cfg).withPort(0).withInstances(1), CatalogFactory.build(cfg, env), env,
                Clock.systemUTC()).start();
        chat = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                .header("content-type", "application/json").timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + TestFleets.LLAMA + "\",\"max_tokens\":8,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (fleet != null) {
            fleet.close();
        }
        http.close();
    }

    static List<Confirm> confirms() throws IOException {
        List<Confirm> out = new ArrayList<>();
        String symptom = null;
        StringBuilder item = null;
        for (String line : Files.readAllLines(DOC)) {
            boolean itemStart = line.startsWith("- **");
            if (item != null && (itemStart || line.startsWith("#") || line.isBlank())) {
                out.add(new Confirm(symptom, item.toString()));
                item = null;
            }
            if (line.startsWith("## ")) {
                symptom = line.substring(3).strip();
            } else if (line.startsWith("- **Confirm:**")) {
                item = new StringBuilder(line.substring("- **Confirm:**".length()));
            } else if (item != null) {
                item.append(' ').append(line.strip());
            }
        }
        if (item != null) {
            out.add(new Confirm(symptom, item.toString()));
        }
        return out;
    }

    @Test
    void everySymptomOfTheIssueHasCausesAWayToConfirmAndAFix() throws IOException {
        String doc = Files.readString(DOC);
        List<String> sections = List.of(doc.split("\n## ")).subList(1, doc.split("\n## ").length);
        assertThat(String.join("\n", sections.stream().map(s -> s.lines().findFirst().orElse("")).toList()))
                .contains(ISSUE_SYMPTOMS);
        assertThat(sections).allSatisfy(s -> assertThat(s).contains("- **Likely causes").contains("- **Confirm:**").contains("- **Fix:**"));
        assertThat(confirms()).hasSameSizeAs(sections);
    }

    @Test
    void everyEndpointFieldMetricHeaderAndLogLineNamedInAConfirmItemIsReal() throws Exception {
        Map<String, JsonNode> views = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Confirm c : confirms()) {
            String endpoint = null;
            int inItem = 0;
            Matcher m = SPAN.matcher(c.text());
            while (m.find()) {
                String span = m.group(1).strip();
                Matcher e = ENDPOINT.matcher(span);
                if (e.matches()) {
                    endpoint = e.group(1).replace("{id}", TestFleets.LLAMA);
                    if (!endpoint.equals("/metrics") && !views.containsKey(endpoint)) {
                        views.put(endpoint, getJson(endpoint, problems));
                    } else if (endpoint.equals("/metrics")) {
                        metrics(problems);
                    }
                    inItem++;
                } else if (span.startsWith("log: ")) {
                    if (!inSources(span.substring(5))) {
                        problems.add(c.symptom() + ": no log line in src/main/java contains '" + span.substring(5) + "'");
                    }
                    inItem++;
                } else if (span.startsWith("x-")) {
                    if (chat.headers().firstValue(span).isEmpty()) {
                        problems.add(c.symptom() + ": a chat response has no header " + span);
                    }
                    inItem++;
                } else if (FIELD.matcher(span).matches()) {
                    if (endpoint == null) {
                        problems.add(c.symptom() + ": '" + span + "' named before any endpoint");
                    } else if (endpoint.equals("/metrics")) {
                        if (!metricsText.contains(span)) {
                            problems.add(c.symptom() + ": GET /metrics has no metric " + span);
                        }
                    } else {
                        JsonNode view = views.get(endpoint);
                        if (view != null && !hasPath(view, span.split("\\."))) {
                            problems.add(c.symptom() + ": GET " + endpoint + " has no field " + span);
                        }
                    }
                    inItem++;
                }
            }
            if (inItem == 0) {
                problems.add(c.symptom() + ": its Confirm item names nothing checkable");
            }
            checked += inItem;
        }
        assertThat(problems).as("TROUBLESHOOTING.md against the running gateway").isEmpty();
        assertThat(checked).as("names checked").isGreaterThan(60);
    }

    @Test
    void aRenamedFieldWouldBeCaught() throws Exception {
        // The check above is only worth something if a wrong name fails it.
        JsonNode system = getJson("/health/system", new ArrayList<>());
        assertThat(hasPath(system, new String[] {"health_percentage"})).isTrue();
        assertThat(hasPath(system, new String[] {"health_percent"})).isFalse();
        JsonNode model = getJson("/health/models/" + TestFleets.LLAMA, new ArrayList<>());
        assertThat(hasPath(model, "offers.circuit_state".split("\\."))).isTrue();
        assertThat(hasPath(model, "offers.breaker_state".split("\\."))).isFalse();
    }

    private static final Path METRICS_DOC = Path.of("docs", "METRICS.md");
    private static final Pattern FAMILY = Pattern.compile("(?m)^# TYPE (healthgate_\\w+) (\\w+)");
    private static final Pattern ROW = Pattern.compile("(?m)^\\| `(healthgate_\\w+)` \\| (\\w+) \\|");

    @Test
    void metricsMdListsExactlyTheFamiliesTheGatewayExportsWithTheirTypes() throws Exception {
        metrics(new ArrayList<>());
        Map<String, String> exported = new java.util.TreeMap<>();
        Matcher f = FAMILY.matcher(metricsText);
        while (f.find()) {
            if (f.group(1).endsWith("_max") && f.group(2).equals("gauge")) {
                continue; // each histogram's companion maximum, described with the histogram
            }
            exported.put(f.group(1), f.group(2));
        }
        Map<String, String> documented = new java.util.TreeMap<>();
        Matcher r = ROW.matcher(Files.readString(METRICS_DOC));
        while (r.find()) {
            documented.put(r.group(1), r.group(2));
        }
        assertThat(exported).as("families seen after one chat request").hasSizeGreaterThan(10);
        // Counters that only appear once they first count (a failover, a hedge) may be absent from a scrape.
        Map<String, String> notYetSeen = new java.util.TreeMap<>(documented);
        exported.keySet().forEach(notYetSeen::remove);
        assertThat(notYetSeen.keySet()).as("documented but not exported; each must exist in MetricsRecorder")
                .allSatisfy(name -> assertThat(inSources("\"" + name.replaceAll("_total$", "").replace('_', '.') + "\"")).as(name).isTrue());
        exported.forEach((name, type) -> {
            assertThat(documented).as("docs/METRICS.md lists " + name).containsKey(name);
            assertThat(documented.get(name)).as(name + "'s type").isEqualTo(type);
        });
    }

    private String metricsText = "";

    private void metrics(List<String> problems) throws Exception {
        if (metricsText.isEmpty()) {
            HttpResponse<String> r = get("/metrics");
            if (r.statusCode() != 200) {
                problems.add("GET /metrics answered " + r.statusCode());
            }
            metricsText = r.body();
        }
    }

    private JsonNode getJson(String path, List<String> problems) throws Exception {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            problems.add("GET " + path + " answered " + r.statusCode() + ": " + r.body());
            return null;
        }
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Whether some object in the tree has {@code path[0]}, under which (through arrays) the rest of the path exists. */
    static boolean hasPath(JsonNode node, String[] path) {
        if (node.isObject() && node.has(path[0]) && rest(node.get(path[0]), path, 1)) {
            return true;
        }
        for (JsonNode child : node) {
            if (hasPath(child, path)) {
                return true;
            }
        }
        return false;
    }

    private static boolean rest(JsonNode v, String[] path, int i) {
        if (i == path.length) {
            return true;
        }
        if (v.isArray()) {
            for (JsonNode e : v) {
                if (rest(e, path, i)) {
                    return true;
                }
            }
            return false;
        }
        return v.isObject() && v.has(path[i]) && rest(v.get(path[i]), path, i + 1);
    }

    private static boolean inSources(String text) {
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            return files.filter(f -> f.toString().endsWith(".java")).anyMatch(f -> {
                try {
                    return Files.readString(f).contains(text);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
