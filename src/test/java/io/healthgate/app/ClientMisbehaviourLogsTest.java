package io.healthgate.app;

import ch.qos.logback.classic.Level;
import io.healthgate.config.HealthgateConfig;
import io.healthgate.health.OutcomeClass;
import io.healthgate.simulator.Behaviour;
import io.healthgate.simulator.Scenario;
import io.healthgate.simulator.SimulatedFleet;
import io.healthgate.support.CapturedLogs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What clients do wrong is the client's business, not the operator's: a client that disconnects
 * in the middle of its body, one that sends junk instead of HTTP, one that sends bad JSON and one
 * that hangs up mid-stream each leave an INFO line at most, never WARN or ERROR, on the real
 * gateway over the simulated fleet.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class ClientMisbehaviourLogsTest {
    private SimulatedFleet fleet;
    private Healthgate gateway;
    private final List<OutcomeClass> outcomes = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start() {
        Scenario slow = Scenario.builder().seed(5)
                .gateway("slow", io.healthgate.catalog.Protocol.OPENAI, "SLOW_API_KEY", "sim-slow-key")
                .gatewayBehaviour("slow", Behaviour.NORMAL.withLatency(0, 300))
                .offer("slow", "acme/chat", "slow-chat")
                .build();
        fleet = SimulatedFleet.start(null, slow, 0);
        HealthgateConfig d = HealthgateConfig.defaults();
        HealthgateConfig config = d.withMonitoring(new HealthgateConfig.Monitoring(false, d.monitoring().health()))
                .withStorage(new io.healthgate.config.StorageConfig("jdbc:sqlite::memory:"));
        gateway = Healthgate.create(config, Healthgate.Settings.from(config).withPort(0).withInstances(1)
                .withShutdownGrace(Duration.ofSeconds(1)), fleet.catalog(), fleet.demoEnvironment(), Clock.systemUTC());
        gateway.outcomes().subscribe(o -> outcomes.add(o.outcomeClass()));
        gateway.start();
    }

    @AfterAll
    void stop() {
        gateway.close();
        fleet.close();
    }

    private Socket connect() throws IOException {
        return ServerLimitsTest.connect(gateway.port());
    }

    private static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    @Test
    void aClientThatDisconnectsMidBodyLogsNoWarningOrError() throws Exception {
        try (CapturedLogs logs = new CapturedLogs()) {
            for (int i = 0; i < 5; i++) {
                try (Socket s = connect()) {
                    send(s, "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 5000\r\n\r\n{\"model\":\"acme/chat\",\"messages\":[");
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.contains("closed the connection before its body arrived"));
            assertThat(logs.atLeast(Level.WARN)).isEmpty();
        }
    }

    @Test
    void junkInsteadOfHttpAndBadJsonLogNoWarningOrError() throws Exception {
        try (CapturedLogs logs = new CapturedLogs()) {
            try (Socket s = connect()) {
                send(s, "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u01fc\u0003\u0003 not http at all\r\n\r\n");
                assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.0 400");
            }
            try (Socket s = connect()) {
                send(s, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: nope\r\n\r\n");
                assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 400");
            }
            try (Socket s = connect()) {
                String body = "{\"model\": nope";
                send(s, "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: close\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n" + body);
                assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 400");
            }
            assertThat(logs.atLeast(Level.WARN)).isEmpty();
        }
    }

    @Test
    void aClientThatHangsUpMidStreamLogsNoWarningOrError() throws Exception {
        try (CapturedLogs logs = new CapturedLogs()) {
            int before = (int) outcomes.stream().filter(c -> c == OutcomeClass.CANCELLED).count();
            try (Socket s = connect()) {
                String body = "{\"model\":\"acme/chat\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
                send(s, "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n" + body);
                InputStream in = s.getInputStream();
                byte[] buf = new byte[4096];
                StringBuilder got = new StringBuilder();
                while (!got.toString().contains("data:")) {
                    int n = in.read(buf);
                    assertThat(n).as("the stream started").isPositive();
                    got.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            } // hangs up after the first event
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> outcomes.stream().filter(c -> c == OutcomeClass.CANCELLED).count() > before);
            assertThat(logs.atLeast(Level.WARN)).isEmpty();
        }
    }
}
