package io.healthgate.app;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.read.ListAppender;
import io.healthgate.catalog.Protocol;
import io.healthgate.config.AuthConfig;
import io.healthgate.config.HealthgateConfig;
import io.healthgate.simulator.Behaviour;
import io.healthgate.simulator.Fault;
import io.healthgate.simulator.Scenario;
import io.healthgate.simulator.SimulatedFleet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No configured secret ever leaves the process: with random key formats (no prefix, short,
 * base64url, with punctuation) as gateway keys, upstreams that repeat the key in their error
 * bodies and stream error events (the simulator's {@code echo_key}), a random client key, admin
 * key and webhook token, every output is searched: what both front doors answer (plain and
 * streaming, same protocol and translated), every health view, the dashboard, metrics, readiness,
 * admin answers, every log line as the shipped logback.xml writes it, and the SQLite store file.
 */
class ConfiguredSecretsNeverLeakTest {
    private static final String OAI_MODEL = "echo/openai";
    private static final String ANT_MODEL = "echo/anthropic";

    record Secrets(String openAiKey, String anthropicKey, String clientKey, String adminKey, String webhookToken) {
        List<String> all() {
            return List.of(openAiKey, anthropicKey, clientKey, adminKey, webhookToken);
        }
    }

    @Provide
    Arbitrary<Secrets> secrets() {
        return Combinators.combine(gatewayKey(), gatewayKey(), plainKey(), plainKey(), plainKey()).as(Secrets::new)
                .filter(s -> s.all().stream().distinct().count() == 5);
    }

    /** Keys as gateways hand them out, and as no format rule would recognise. */
    private static Arbitrary<String> gatewayKey() {
        Arbitrary<String> noPrefix = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
                .ofMinLength(12).ofMaxLength(40);
        Arbitrary<String> shortKey = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').ofMinLength(8).ofMaxLength(11);
        Arbitrary<String> base64url = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
                .withChars('-', '_').ofMinLength(16).ofMaxLength(48);
        Arbitrary<String> punctuated = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9')
                .withChars('!', '#', '$', '%', '&', '(', ')', '*', '+', '.', ':', ';', '=', '?', '@', '[', ']', '^', '{', '|', '}', '~', '"', '\\', '/')
                .ofMinLength(10).ofMaxLength(30)
                .filter(s -> s.chars().filter(Character::isLetterOrDigit).count() >= 4);
        return Arbitraries.oneOf(noPrefix, shortKey, base64url, punctuated);
    }

    /** Client and admin keys are comma-separated lists in an env var, so no commas or spaces. */
    private static Arbitrary<String> plainKey() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9').withChars('-', '_', '.')
                .ofMinLength(10).ofMaxLength(40);
    }

    @Property(tries = 8, seed = "15")
    void noConfiguredSecretAppearsInAnyOutput(@ForAll("secrets") Secrets secrets) throws Exception {
        Path dir = Files.createTempDirectory("hg-secrets");
        Path db = dir.resolve("health.db");
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.setContext(root.getLoggerContext());
        logs.start();
        root.addAppender(logs);
        List<String> outputs = new ArrayList<>();
        Scenario scenario = Scenario.builder().seed(5)
                .gateway("oai", Protocol.OPENAI, "OAI_API_KEY", secrets.openAiKey())
                .gateway("ant", Protocol.ANTHROPIC, "ANT_API_KEY", secrets.anthropicKey())
                .offer("oai", OAI_MODEL, "m1", Behaviour.NORMAL.withFault(Fault.ECHO_KEY))
                .offer("ant", ANT_MODEL, "m2", Behaviour.NORMAL.withFault(Fault.ECHO_KEY))
                .build();
        try (SimulatedFleet fleet = SimulatedFleet.start(null, scenario, 0)) {
            Map<String, String> env = new HashMap<>(fleet.demoEnvironment());
            env.put("HG_KEYS", secrets.clientKey());
            env.put("HG_ADMIN", secrets.adminKey());
            HealthgateConfig demo = Demo.demoConfig(0, "jdbc:sqlite:" + db);
            HealthgateConfig config = demo.withMonitoring(new HealthgateConfig.Monitoring(false, demo.monitoring().health()))
                    .withAuth(new AuthConfig("HG_KEYS", "HG_ADMIN", false))
                    .withAlerting(new HealthgateConfig.Alerting(new io.healthgate.alerting.AlertSinks.Settings(
                            java.util.Optional.of(URI.create("http://127.0.0.1:9/hook?token=" + secrets.webhookToken())),
                            java.util.Optional.empty(), ""), demo.alerting().rules()));
            Healthgate.Settings settings = Healthgate.Settings.from(config).withInstances(1).withShutdownGrace(Duration.ofSeconds(1));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            try (Healthgate gateway = Healthgate.create(config, settings, fleet.catalog(), env, Clock.systemUTC()).start()) {
                String base = gateway.baseUrl();
                for (String model : List.of(OAI_MODEL, ANT_MODEL)) {
                    for (boolean stream : List.of(false, true)) {
                        String chat = "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"max_tokens\":20,"
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
                        outputs.add(post(http, base + "/v1/chat/completions", chat, secrets.clientKey()));
                        outputs.add(post(http, base + "/v1/messages", chat, secrets.clientKey()));
                    }
                }
                for (String path : List.of("/health", "/health/ready", "/health/system", "/health/models", "/health/providers",
                        "/health/gateways", "/health/dashboard", "/health/history", "/health/models/" + OAI_MODEL,
                        "/health/models/" + ANT_MODEL, "/metrics", "/dashboard", "/v1/models")) {
                    outputs.add(get(http, base + path, secrets.clientKey()));
                }
                outputs.add(post(http, base + "/admin/probe", "{\"model\":\"" + OAI_MODEL + "\"}", secrets.adminKey()));
                outputs.add(post(http, base + "/admin/reload", "", secrets.adminKey()));
                // the views did see the upstream's echo: a masked error is there to be found
                assertThat(String.join("\n", outputs)).contains("Incorrect API key provided");
            } finally {
                http.close();
            }
        } finally {
            root.detachAppender(logs);
            logs.stop();
        }
        outputs.add(formattedAsShipped(logs.list));
        outputs.add(new String(Files.readAllBytes(db), StandardCharsets.ISO_8859_1));
        for (String secret : secrets.all()) {
            for (int i = 0; i < outputs.size(); i++) {
                assertThat(outputs.get(i)).as("output #%d must not carry the secret %s", i, secret).doesNotContain(secret);
            }
        }
    }

    private static String post(HttpClient http, String url, String body, String key) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("content-type", "application/json").header("authorization", "Bearer " + key)
                .header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.headers().map() + " " + r.body();
    }

    private static String get(HttpClient http, String url, String key) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.headers().map() + " " + r.body();
    }

    /** The captured events as the production logback.xml's appender would write them. */
    private static String formattedAsShipped(List<ILoggingEvent> events) throws Exception {
        LoggerContext shipped = new LoggerContext();
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(shipped);
        joran.doConfigure(ConfiguredSecretsNeverLeakTest.class.getClassLoader().getResource("logback.xml"));
        @SuppressWarnings("unchecked")
        OutputStreamAppender<ILoggingEvent> stderr = (OutputStreamAppender<ILoggingEvent>) shipped.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                .getAppender("STDERR");
        StringBuilder out = new StringBuilder();
        for (ILoggingEvent e : events) {
            out.append(new String(stderr.getEncoder().encode(e), StandardCharsets.UTF_8));
        }
        shipped.stop();
        assertThat(events).as("the run logged something to search").isNotEmpty();
        return out.toString();
    }
}
