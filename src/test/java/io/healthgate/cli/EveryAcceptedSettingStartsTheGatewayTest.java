package io.healthgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.healthgate.app.Healthgate;
import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Model;
import io.healthgate.catalog.Offer;
import io.healthgate.config.ConfigException;
import io.healthgate.config.ConfigLoader;
import io.healthgate.simulator.SimulatedFleet;
import io.healthgate.support.TestFleets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every value the loader accepts starts the product. For each numeric key of the shipped
 * defaults file, the range the loader accepts is found by asking the loader itself (the feature
 * records hold the rules), and {@code serve} is started on a random port against one simulated
 * fleet with the key at the smallest accepted value and at a large one: it must answer
 * {@code /health} and a chat request. The value just outside the range must exit 2 before
 * serving, naming the file, the key path and the value.
 */
class EveryAcceptedSettingStartsTheGatewayTest {
    /** Large enough to overflow a careless conversion (ms in an int, days to an Instant), small enough to be meant. */
    private static final double LARGE = 1_000_000;

    private static SimulatedFleet fleet;
    private static String catalogYaml;
    @TempDir
    static Path dir;

    @BeforeAll
    static void startFleet() {
        fleet = SimulatedFleet.start(null, TestFleets.small(), 0);
        catalogYaml = catalogYaml(fleet.catalog());
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    @Test
    void everyNumericKeyStartsAtItsMinimumAndAtALargeValueAndExitsTwoJustOutside() throws Exception {
        List<String> keys = numericKeys();
        assertThat(keys).as("the defaults file documents numeric keys").hasSizeGreaterThan(40);
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger starts = new java.util.concurrent.atomic.AtomicInteger();
        // Two keys at a time (each start on its own random port and its own store file), so the test stays short.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> done = new ArrayList<>();
        for (String key : keys) {
            done.add(pool.submit(() -> {
                check(key, failures, starts);
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        assertThat(failures).as("%d keys, %d starts", keys.size(), starts.get()).isEmpty();
    }

    private void check(String key, List<String> failures, java.util.concurrent.atomic.AtomicInteger starts) throws Exception {
        boolean whole = isWhole(key);
        Boundary low = lowest(key, whole);
        Boundary high = highest(key, whole, low.accepted());
        for (double v : low.accepted() == high.accepted() ? new double[]{low.accepted()} : new double[]{low.accepted(), high.accepted()}) {
            starts.incrementAndGet();
            serves(key, v, whole).ifPresent(failures::add);
        }
        for (Boundary edge : List.of(low, high)) {
            if (edge.rejected().isPresent()) {
                rejected(key, edge.rejected().getAsDouble(), whole).ifPresent(failures::add);
            }
        }
    }

    // --- the product, as `serve --config FILE` runs it ---

    private Optional<String> serves(String key, double value, boolean whole) throws Exception {
        Path file = file(key, value, whole);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ServeCommand serve = serve(file);
        ServeCommand.Launch launch = serve.launch(new PrintStream(err, true, StandardCharsets.UTF_8));
        if (launch.gateway().isEmpty()) {
            return Optional.of(key + " = " + text(value, whole) + ": did not start (exit " + launch.exitCode() + "): "
                    + err.toString(StandardCharsets.UTF_8).strip());
        }
        try (Healthgate hg = launch.gateway().get(); HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(hg.baseUrl() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> chat = http.send(HttpRequest.newBuilder(URI.create(hg.baseUrl() + "/v1/chat/completions"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + TestFleets.QWEN
                            + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
            if (health.statusCode() != 200 || chat.statusCode() != 200) {
                return Optional.of(key + " = " + text(value, whole) + ": /health " + health.statusCode() + ", chat "
                        + chat.statusCode() + " " + chat.body());
            }
        }
        return Optional.empty();
    }

    private Optional<String> rejected(String key, double value, boolean whole) throws Exception {
        Path file = file(key, value, whole);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ServeCommand.Launch launch = serve(file).launch(new PrintStream(err, true, StandardCharsets.UTF_8));
        launch.gateway().ifPresent(Healthgate::close);
        String out = err.toString(StandardCharsets.UTF_8);
        // A relation (critical_below <= warning_below) is reported on the key whose rule it is; the line names both.
        if (launch.exitCode() != ServeCommand.CONFIG_ERROR || !out.contains(file.toString() + ": ") || !out.contains(key)
                || !out.contains(text(value, whole))) {
            return Optional.of(key + " = " + text(value, whole) + ": expected exit 2 naming " + file + ", " + key
                    + " and the value, got exit " + launch.exitCode() + ": " + out.strip());
        }
        return Optional.empty();
    }

    private static ServeCommand serve(Path file) {
        ServeCommand serve = new ServeCommand();
        serve.config = file;
        serve.environment = fleet.demoEnvironment();
        return serve;
    }

    // --- the loader's accepted range, asked of the loader ---

    /** An edge of the accepted range: the last value accepted and the first rejected beyond it (none when unbounded). */
    private record Boundary(double accepted, OptionalDouble rejected) {
    }

    private static final double FLOOR = -1e9;

    private Boundary lowest(String key, boolean whole) throws Exception {
        double rejected = Double.NaN;
        for (double candidate : new double[]{FLOOR, -1, 0, 1, documented(key)}) {
            if (!accepts(key, candidate, whole)) {
                rejected = candidate;
                continue;
            }
            if (Double.isNaN(rejected)) {
                return new Boundary(candidate, OptionalDouble.empty());
            }
            return edge(key, candidate, rejected, whole);
        }
        throw new AssertionError(key + " rejects its documented default " + documented(key));
    }

    private Boundary highest(String key, boolean whole, double min) throws Exception {
        double accepted = Math.max(min, documented(key));
        for (double candidate : new double[]{1, 100, 65535, LARGE}) {
            if (candidate <= accepted) {
                continue;
            }
            if (!accepts(key, candidate, whole)) {
                return edge(key, accepted, candidate, whole);
            }
            accepted = candidate;
        }
        return new Boundary(accepted, OptionalDouble.empty());
    }

    /** The edge between an accepted and a rejected value: next to each other, or narrowed down until they are. */
    private Boundary edge(String key, double accepted, double rejected, boolean whole) throws Exception {
        double step = whole ? 1 : 1e-6 * Math.max(1, Math.abs(accepted));
        double next = accepted + Math.signum(rejected - accepted) * step;
        if (Math.abs(rejected - accepted) > step && !accepts(key, next, whole)) {
            return new Boundary(accepted, OptionalDouble.of(next));
        }
        double[] e = bisect(key, accepted, rejected, whole);
        return new Boundary(e[0], OptionalDouble.of(e[1]));
    }

    /** Narrows {@code accepted} and {@code rejected} down to neighbours; returns them in that order. */
    private double[] bisect(String key, double accepted, double rejected, boolean whole) throws Exception {
        for (int i = 0; i < 100; i++) {
            double gap = Math.abs(rejected - accepted);
            if (whole ? gap <= 1 : gap <= 1e-6 * Math.max(1, Math.abs(accepted))) {
                break;
            }
            double mid = whole ? Math.floor((accepted + rejected) / 2) : (accepted + rejected) / 2;
            if (accepts(key, mid, whole)) {
                accepted = mid;
            } else {
                rejected = mid;
            }
        }
        return new double[]{accepted, rejected};
    }

    private static double documented(String key) {
        return node(key).asDouble();
    }

    private boolean accepts(String key, double value, boolean whole) throws Exception {
        try {
            ConfigLoader.load(Optional.of(file(key, value, whole)), Map.of());
            return true;
        } catch (ConfigException e) {
            return false;
        }
    }

    // --- files ---

    private final java.util.concurrent.atomic.AtomicInteger files = new java.util.concurrent.atomic.AtomicInteger();

    /** A file with the fleet as its catalog and storage in the temp dir, plus one key set to one value. */
    private Path file(String key, double value, boolean whole) throws Exception {
        String[] parts = key.split("\\.");
        StringBuilder nested = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            nested.append(parts[i]).append(": { ");
        }
        nested.append(parts[parts.length - 1]).append(": ").append(text(value, whole));
        nested.append(" }".repeat(parts.length - 1));
        String storage = key.startsWith("storage.") ? "" : "storage: { url: \"jdbc:sqlite:" + dir.resolve("hg-" + Thread.currentThread().getName() + ".db") + "\" }\n";
        String server = key.startsWith("server.") ? "" : "server: { port: 0, shutdown_grace_seconds: 1 }\n";
        String yaml = catalogYaml + server + storage + nested + "\n";
        if (key.startsWith("storage.")) {
            yaml = yaml.replace("storage: { ", "storage: { url: \"jdbc:sqlite:" + dir.resolve("hg-" + Thread.currentThread().getName() + ".db") + "\", ");
        }
        if (key.startsWith("server.") && !key.equals("server.port")) {
            yaml = yaml.replace("server: { ", "server: { port: 0, ");
        }
        return Files.writeString(dir.resolve("c" + files.incrementAndGet() + ".yaml"), yaml);
    }

    private static String text(double v, boolean whole) {
        return whole ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static String catalogYaml(Catalog catalog) {
        StringBuilder b = new StringBuilder("gateways:\n");
        for (Gateway g : catalog.gateways()) {
            b.append("  - { name: ").append(g.name()).append(", base_url: \"").append(g.baseUrl()).append("\", protocol: ")
                    .append(g.protocol().wireName()).append(", api_key_env: ").append(g.apiKeyEnv()).append(" }\n");
        }
        b.append("models:\n");
        for (Model m : catalog.models()) {
            b.append("  - id: ").append(m.id()).append("\n    offers:\n");
            for (Offer o : m.offers()) {
                b.append("      - { gateway: ").append(o.gateway()).append(", model: \"").append(o.upstreamModel()).append("\" }\n");
            }
        }
        return b.toString();
    }

    // --- the defaults file ---

    private static JsonNode defaults;

    private static List<String> numericKeys() throws Exception {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(ConfigLoader.DEFAULTS_RESOURCE)) {
            defaults = new YAMLMapper().readTree(in);
        }
        List<String> out = new ArrayList<>();
        collect(defaults, "", out);
        return out;
    }

    private static void collect(JsonNode node, String path, List<String> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> collect(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out));
        } else if (node.isNumber()) {
            out.add(path);
        }
    }

    private static JsonNode node(String key) {
        JsonNode n = defaults;
        for (String p : key.split("\\.")) {
            n = n.get(p);
        }
        return n;
    }

    private static boolean isWhole(String key) {
        return node(key).isIntegralNumber() && !isRate(key);
    }

    /** Keys documented as rates or percentages take decimals, even where the default is written as a whole number. */
    private static boolean isRate(String key) {
        return key.endsWith("_rate") || key.endsWith("_below") || key.endsWith("resolved_at") || key.endsWith("_per_hour")
                || key.endsWith("_factor");
    }
}
