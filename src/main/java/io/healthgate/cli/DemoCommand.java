package io.healthgate.cli;

import io.healthgate.app.Demo;
import io.healthgate.audit.KeyAudit;
import io.healthgate.audit.KeyAuditReport;
import io.healthgate.config.AuthConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Runs the gateway against the built-in simulated fleet and says where to look: the audit of the
 * fleet's keys, the URLs, and a curl line that works (checked once before it is printed).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the gateway against a built-in simulated fleet (embedded storage, dashboard on).")
final class DemoCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", description = "Gateway port on 127.0.0.1 (0: any free port; default ${DEFAULT-VALUE}).")
    int port = 8080;

    @Option(names = "--sim-port", description = "Simulated fleet port on 127.0.0.1 (0: any free port; default ${DEFAULT-VALUE}).")
    int simulatorPort = 8090;

    @Option(names = "--seed", description = "Seed of the simulated week (default ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--time-scale", description = "Multiply the scenario's durations (0.1 plays outages 10x faster; default ${DEFAULT-VALUE}).")
    double timeScale = 1.0;

    @Option(names = "--db", description = "Where the demo keeps health history (default ${DEFAULT-VALUE}).")
    String storageUrl = "jdbc:sqlite:data/demo.db";

    @Option(names = "--instances", description = "Gateway instances on consecutive ports from --port, one fleet on Redis "
            + "(default ${DEFAULT-VALUE}: one, no Redis).")
    int instances = 1;

    @Option(names = "--redis", description = "Redis for --instances above 1 (default ${DEFAULT-VALUE}).")
    String redisUrl = "redis://127.0.0.1:6379";

    @Option(names = "--exit-after", paramLabel = "SECONDS", description = "Stop after this many seconds (default: run until Ctrl-C).")
    Optional<Integer> exitAfter = Optional.empty();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> passThrough = new HashMap<>();
        for (String name : new String[]{AuthConfig.DEFAULT_CLIENT_KEYS_ENV, AuthConfig.DEFAULT_ADMIN_KEY_ENV}) {
            String v = System.getenv(name);
            if (v != null) {
                passThrough.put(name, v);
            }
        }
        Demo demo;
        if (instances < 1) {
            err.println("healthgate demo: --instances must be >= 1, got " + instances);
            return 2;
        }
        try {
            demo = instances == 1
                    ? Demo.start(port, simulatorPort, seed, timeScale, storageUrl, passThrough, Clock.systemUTC())
                    : Demo.startFleet(instances, port, simulatorPort, seed, timeScale, storageUrl, redisUrl, passThrough, Clock.systemUTC());
        } catch (IllegalStateException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("several instances need a Redis")) {
                err.println("healthgate demo --instances " + instances + ": " + e.getMessage());
                return 1;
            }
            err.println("healthgate demo: could not start: " + e.getMessage());
            err.println("  (is something else on port " + port + " or " + simulatorPort + "? try --port 0 --sim-port 0)");
            return 1;
        } catch (RuntimeException e) {
            err.println("healthgate demo: could not start: " + e.getMessage());
            err.println("  (is something else on port " + port + " or " + simulatorPort + "? try --port 0 --sim-port 0)");
            return 1;
        }
        CleanStop stop = CleanStop.onSignal("demo", demo::close, System.err);
        try {
            printWhereToLook(demo, out);
            if (exitAfter.isPresent()) {
                stop.await(exitAfter.get());
            } else {
                stop.await();
            }
        } finally {
            stop.finished();
            demo.close();
        }
        return 0;
    }

    private void printWhereToLook(Demo demo, PrintWriter out) {
        KeyAuditReport audit;
        // Verified against the fleet itself (its models lists check keys), so the wrong key shows as rejected.
        try (var verifier = io.healthgate.providers.ModelsListKeyVerifier.standalone()) {
            audit = KeyAudit.run(demo.fleet().catalog(), demo.environment(), Optional.of(verifier));
        }
        String gw = demo.gateway().baseUrl();
        out.println("Healthgate demo: the gateway on a simulated fleet of "
                + demo.fleet().catalog().gateways().size() + " gateways and "
                + demo.fleet().catalog().models().size() + " models (the original platform's bad week).");
        out.println();
        out.println("Key audit of the simulated fleet (the demo environment sets fake keys for some gateways; verified against the fleet):");
        out.print(audit.toTable());
        out.println();
        out.println("Where to look:");
        out.println("  gateway           " + gw + "   (OpenAI: /v1/chat/completions, Anthropic: /v1/messages)");
        for (int i = 1; i < demo.instances().size(); i++) {
            out.println("  instance " + (i + 1) + "        " + demo.instances().get(i).baseUrl() + "   (same fleet: "
                    + demo.instances().get(i).baseUrl() + "/health/system shows every instance and who answered)");
        }
        out.println("  dashboard         " + gw + "/dashboard");
        out.println("  health JSON       " + gw + "/health/dashboard   " + gw + "/health/system");
        out.println("  metrics           " + gw + "/metrics");
        out.println("  simulator truth   " + demo.fleet().baseUrl() + "/_truth");
        out.println("  storage           " + storageUrl);
        out.println();
        Optional<String> model = demo.modelThatWorks();
        if (model.isEmpty()) {
            out.println("No model is up in the simulated fleet right now; try again in a minute.");
            out.flush();
            return;
        }
        String body = "{\"model\":\"" + model.get() + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello!\"}]}";
        String key = demo.environment().get(AuthConfig.DEFAULT_CLIENT_KEYS_ENV);
        String auth = key == null || key.isBlank() ? "" : " -H 'authorization: Bearer $" + AuthConfig.DEFAULT_CLIENT_KEYS_ENV + "'";
        out.println("Try it:");
        out.println("  curl -s " + gw + "/v1/chat/completions -H 'content-type: application/json'" + auth + " -d '" + body + "'");
        out.println("  " + selfCheck(gw + "/v1/chat/completions", body, key));
        out.println();
        out.println("Health fills in as probes and traffic arrive (first probe cycle within ~15 s). Ctrl-C stops.");
        out.flush();
    }

    /** Sends the printed request once, so the line above is known to work. */
    private static String selfCheck(String url, String body, String clientKeys) {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                    .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
            if (clientKeys != null && !clientKeys.isBlank()) {
                req.header("authorization", "Bearer " + clientKeys.split(",")[0].trim());
            }
            long t0 = System.nanoTime();
            HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            return "(checked just now: HTTP " + r.statusCode() + " from gateway "
                    + r.headers().firstValue("x-healthgate-gateway").orElse("-") + " in " + ms + " ms, attempts "
                    + r.headers().firstValue("x-healthgate-attempts").orElse("-") + ")";
        } catch (Exception e) {
            return "(self-check failed: " + e.getMessage() + ")";
        }
    }
}
