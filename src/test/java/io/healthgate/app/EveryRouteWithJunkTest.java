package io.healthgate.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthgate.config.HealthgateConfig;
import io.healthgate.simulator.SimulatedFleet;
import io.healthgate.support.TestFleets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route the front answers (read from its own router, so endpoints added later are walked
 * too), hit like a hostile client would: an undecodable query, a junk body, a wrong content type,
 * HEAD on the GET routes. The gateway must answer each with a client error in JSON (never a 5xx,
 * never a hang), and HEAD like GET without a body.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.Timeout(120)
class EveryRouteWithJunkTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private SimulatedFleet fleet;
    private Healthgate gateway;

    @BeforeAll
    void start(@TempDir Path dir) {
        fleet = SimulatedFleet.start(null, TestFleets.small(), 0);
        HealthgateConfig demo = Demo.demoConfig(0, "jdbc:sqlite:" + dir.resolve("health.db"));
        HealthgateConfig config = demo.withMonitoring(new HealthgateConfig.Monitoring(false, demo.monitoring().health()));
        gateway = Healthgate.create(config, Healthgate.Settings.from(config).withInstances(1).withShutdownGrace(Duration.ofSeconds(1)),
                fleet.catalog(), fleet.demoEnvironment(), Clock.systemUTC()).start();
    }

    @AfterAll
    void stop() {
        gateway.close();
        fleet.close();
    }

    /** One raw HTTP/1.1 exchange (raw, so nothing on our side fixes the junk before it is sent). */
    record Answer(int status, String head, String body) {
    }

    private Answer raw(String method, String target, String contentType, String body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", gateway.port())) {
            s.setSoTimeout(15_000);
            byte[] payload = body.getBytes(StandardCharsets.UTF_8);
            String req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                    + (method.equals("GET") || method.equals("HEAD") ? "" : "Content-Length: " + payload.length + "\r\n") + "\r\n";
            OutputStream out = s.getOutputStream();
            out.write(req.getBytes(StandardCharsets.US_ASCII));
            out.write(payload);
            out.flush();
            InputStream in = s.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int split = all.indexOf("\r\n\r\n");
            String head = split < 0 ? all : all.substring(0, split);
            String rest = split < 0 ? "" : all.substring(split + 4);
            int status = Integer.parseInt(head.substring(9, 12));
            return new Answer(status, head, rest);
        }
    }

    private List<String[]> routes() {
        List<String[]> out = new ArrayList<>();
        for (String r : gateway.routes()) {
            String[] mp = r.split(" ", 2);
            // concrete paths for patterns: a wildcard or a :param becomes a plausible segment
            String path = mp[1].replaceAll(":[A-Za-z]+", "x").replace("*", "x");
            out.add(new String[] {mp[0], path});
        }
        assertThat(out).as("the router lists the chat doors").anyMatch(r -> r[1].equals("/v1/chat/completions"));
        return out;
    }

    @Test
    void anUndecodableQueryIsAClientErrorOnEveryRoute() throws Exception {
        for (String[] r : routes()) {
            String method = r[0].equals("ANY") ? "GET" : r[0];
            Answer a = raw(method, r[1] + "?%zz=1&a=%", "application/json", method.equals("GET") ? "" : "{}");
            assertThat(a.status()).as(method + " " + r[1] + "?%zz -> " + a.body()).isBetween(400, 499);
            assertThat(JSON.readTree(a.body()).has("error") || JSON.readTree(a.body()).has("type"))
                    .as(method + " " + r[1] + " answers an error object: " + a.body()).isTrue();
        }
    }

    @Test
    void junkBodiesAndWrongContentTypesNeverMakeA5xx() throws Exception {
        List<String> junk = List.of("", "{", "null", "[]", "\"text\"", "{\"model\":", "\u0000\u0001\u0002", "{\"messages\":{}}",
                "{\"model\":7,\"messages\":\"no\"}", "x".repeat(5000));
        for (String[] r : routes()) {
            if (r[0].equals("GET") || r[0].equals("HEAD")) {
                continue;
            }
            String method = r[0].equals("ANY") ? "POST" : r[0];
            for (String body : junk) {
                for (String type : new String[] {"application/json", "text/plain", null}) {
                    Answer a = raw(method, r[1], type, body);
                    assertThat(a.status()).as(method + " " + r[1] + " [" + type + "] " + body.substring(0, Math.min(20, body.length()))
                            + " -> " + a.body()).isLessThan(500);
                }
            }
        }
    }

    @Test
    void headIsAnsweredOnEveryGetRouteLikeGetWithoutABody() throws Exception {
        int checked = 0;
        for (String[] r : routes()) {
            if (!r[0].equals("GET")) {
                continue;
            }
            Answer get = raw("GET", r[1], null, "");
            Answer head = raw("HEAD", r[1], null, "");
            assertThat(head.status()).as("HEAD " + r[1]).isEqualTo(get.status()).isNotEqualTo(405);
            assertThat(head.body()).as("HEAD " + r[1] + " has no body").isEmpty();
            checked++;
        }
        assertThat(checked).as("GET routes walked").isGreaterThan(5);
    }
}
