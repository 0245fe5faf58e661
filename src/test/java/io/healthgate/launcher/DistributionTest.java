package io.healthgate.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthgate.config.ConfigLoader;
import io.healthgate.simulator.SimulatedFleet;
import io.healthgate.support.TestFleets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ./healthgate dist} end to end: a copy of the sources is built by the launcher on a PATH
 * with no {@code mvn} and no {@code java} (so through the Maven Wrapper and the JDK it finds), the
 * archive is unpacked into a temporary folder, and its {@code bin/healthgate} runs with
 * {@code JAVA_HOME} unset and no java on PATH: {@code --version}, then {@code serve} answering a
 * chat request through the simulated fleet. Built once for the class, from the classes this suite
 * compiled.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DistributionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT_KEY = "dist-client-key";

    @TempDir
    static Path dir;
    private Path tools;
    private Path home;
    private String commit;
    private String version;
    private String buildOutput;

    @BeforeAll
    void buildAndUnpack() throws IOException {
        tools = Shell.toolsWithout(dir.resolve("tools"));
        Path src = dir.resolve("src-copy");
        for (String p : List.of("healthgate", "mvnw", "pom.xml", ".mvn", "src/main", "dist", "target/classes")) {
            copyTree(Shell.REPO.resolve(p), src.resolve(p));
        }
        // Its own git history, so the commit baked into the build is one this test knows.
        Map<String, String> gitEnv = Shell.env(tools, "GIT_AUTHOR_NAME", "t", "GIT_AUTHOR_EMAIL", "t@example.invalid",
                "GIT_COMMITTER_NAME", "t", "GIT_COMMITTER_EMAIL", "t@example.invalid");
        assertThat(Shell.run(src, gitEnv, 60, "sh", "-c", "git init -q && git add -A && git commit -qm copy").exit()).isZero();
        commit = Shell.run(src, gitEnv, 30, "git", "rev-parse", "--short=12", "HEAD").out().strip();
        version = pomVersion(Files.readString(src.resolve("pom.xml")));

        // The classes this suite runs on are reused (maven.main.skip): compiling them a second time
        // would double the test's time and prove nothing the suite does not; the rest of the
        // lifecycle (resources with the commit, jar, shade, jdeps, jlink, tar) runs for real.
        Shell.Result build = Shell.run(src, Shell.env(tools, "HEALTHGATE_MVN_FLAGS", "-B -q -Dmaven.main.skip=true"), 240, "./healthgate", "dist");
        buildOutput = build.out();
        assertThat(build.exit()).as(buildOutput).isZero();

        Path archive = src.resolve("target/healthgate-" + version + "-linux-x64.tar.gz");
        assertThat(archive).as(buildOutput).isRegularFile();
        Path install = Files.createDirectories(dir.resolve("install"));
        assertThat(Shell.run(install, Shell.env(tools), 60, "tar", "xzf", archive.toString()).exit()).isZero();
        home = install.resolve("healthgate-" + version + "-linux-x64");
    }

    @Test
    void theBuildWentThroughTheWrapperBecauseNoMavenWasOnThePath() {
        assertThat(buildOutput).contains("no mvn on PATH; using ./mvnw").contains("healthgate dist: ");
    }

    @Test
    void theArchiveHoldsATrimmedRuntimeTheJarTheStartScriptTheDefaultsAndAnExampleConfig() throws IOException {
        assertThat(home.resolve("bin/healthgate")).isExecutable();
        assertThat(home.resolve("lib/healthgate.jar")).isRegularFile();
        assertThat(home.resolve("runtime/bin/java")).isExecutable();
        assertThat(home.resolve("runtime/bin/javac")).as("a runtime, not a JDK").doesNotExist();
        assertThat(home.resolve("conf/healthgate-defaults.yaml")).hasSameTextualContentAs(Shell.REPO.resolve("src/main/resources/healthgate-defaults.yaml"));
        assertThat(home.resolve("conf/healthgate.service")).content().contains("ExecStart=/opt/healthgate/bin/healthgate serve");

        String release = Files.readString(home.resolve("runtime/release"));
        assertThat(release).contains("java.base").contains("java.sql").doesNotContain("jdk.compiler").doesNotContain("jdk.jshell");

        // The example config is a valid configuration, not just a text.
        assertThat(ConfigLoader.load(Optional.of(home.resolve("conf/healthgate.example.yaml")), Map.of()).auth().protectHealth()).isTrue();
    }

    @Test
    void versionPrintsTheVersionAndTheCommitWithNoJdkAnywhere() {
        Shell.Result r = Shell.run(dir, Shell.env(tools), 60, home.resolve("bin/healthgate").toString(), "--version");

        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out().strip()).isEqualTo("healthgate " + version + " (commit " + commit + ")");
    }

    @Test
    void serveAnswersAChatRequestThroughTheSimulatedFleetWithNoJdkAnywhere() throws Exception {
        try (SimulatedFleet fleet = SimulatedFleet.start(null, TestFleets.small(), 0)) {
            Path run = Files.createDirectories(dir.resolve("run"));
            Path config = run.resolve("healthgate.yaml");
            Files.writeString(config, """
                    server: { host: 127.0.0.1 }
                    storage: { url: "jdbc:sqlite:data/dist-test.db" }
                    gateways:
                      - { name: groq, base_url: "%s", protocol: openai, api_key_env: GROQ_API_KEY }
                    models:
                      - id: %s
                        provider: meta-llama
                        offers:
                          - { gateway: groq, model: llama-3.3-70b-versatile }
                    """.formatted(fleet.gatewayBaseUrl("groq"), TestFleets.LLAMA));
            Path log = run.resolve("serve.log");
            ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/healthgate").toString(), "serve", "--config", config.toString(), "--port", "0")
                    .directory(run.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().clear();
            pb.environment().putAll(Shell.env(tools, "GROQ_API_KEY", TestFleets.GROQ_KEY, "HEALTHGATE_API_KEYS", CLIENT_KEY));
            Process serve = pb.start();
            try {
                Pattern serving = Pattern.compile("healthgate serving on (http://127\\.0\\.0\\.1:\\d+)");
                String[] base = new String[1];
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    assertThat(serve.isAlive()).as(Files.readString(log)).isTrue();
                    Matcher m = serving.matcher(Files.readString(log));
                    return m.find() && (base[0] = m.group(1)) != null;
                });

                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(base[0] + "/v1/chat/completions"))
                        .header("authorization", "Bearer " + CLIENT_KEY).header("content-type", "application/json")
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString("""
                                {"model": "%s", "max_tokens": 8, "messages": [{"role": "user", "content": "hello"}]}
                                """.formatted(TestFleets.LLAMA))).build(), HttpResponse.BodyHandlers.ofString());

                assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
                assertThat(res.headers().firstValue("x-healthgate-gateway")).contains("groq");
                assertThat(res.headers().firstValue("x-healthgate-attempts")).contains("1");
                JsonNode body = JSON.readTree(res.body());
                assertThat(body.path("choices").path(0).path("message").path("content").asText()).isNotBlank();
                assertThat(run.resolve("data/dist-test.db")).as("the SQLite store works in the trimmed runtime").isRegularFile();
            } finally {
                serve.destroy(); // SIGTERM: the graceful shutdown path
                assertThat(serve.waitFor(45, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
            }
            assertThat(Files.readString(log)).doesNotContain("Exception").doesNotContain("NoClassDefFoundError");
        }
    }

    private static String pomVersion(String pom) {
        Matcher m = Pattern.compile("<artifactId>healthgate</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertThat(m.find()).as("the project version in pom.xml").isTrue();
        return m.group(1);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.createDirectories(t.getParent());
                    Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
