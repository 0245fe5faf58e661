package io.healthgate.app;

import io.healthgate.config.HealthgateConfig;
import io.healthgate.simulator.SimulatedFleet;
import io.healthgate.support.TestFleets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's connection limits in the real gateway (body read 1 s, idle 2 s): a client that
 * stops in the middle of its headers, an idle keep-alive client and a body shorter than its
 * Content-Length are each closed by the server (the last answered 408 in the door's shape first).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.Timeout(120)
class ServerLimitsTest {
    private SimulatedFleet fleet;
    private Healthgate gateway;

    @BeforeAll
    void start() {
        fleet = SimulatedFleet.start(null, TestFleets.small(), 0);
        HealthgateConfig d = HealthgateConfig.defaults();
        HealthgateConfig config = d.withServer(d.server().withLimits(1, 2))
                .withMonitoring(new HealthgateConfig.Monitoring(false, d.monitoring().health()))
                .withStorage(new io.healthgate.config.StorageConfig("jdbc:sqlite::memory:"));
        gateway = Healthgate.create(config, Healthgate.Settings.from(config).withPort(0).withInstances(1)
                        .withShutdownGrace(Duration.ofSeconds(1)), fleet.catalog(), fleet.demoEnvironment(), Clock.systemUTC()).start();
    }

    @AfterAll
    void stop() {
        gateway.close();
        fleet.close();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", gateway.port());
        s.setSoTimeout(20_000); // a server that never closes fails the test instead of hanging it
        return s;
    }

    /** Everything the server sends until it closes the connection. */
    private static String untilClosed(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void aClientThatStopsInTheMiddleOfItsHeadersIsClosed() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            assertThat(untilClosed(s)).as("nothing is answered to half a request").isEmpty();
        }
    }

    @Test
    void anIdleKeepAliveClientIsClosedAfterItsAnswer() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String all = untilClosed(s);
            assertThat(all).startsWith("HTTP/1.1 200").contains("\"status\":\"ok\"");
        }
    }

    @Test
    void aBodyShorterThanItsContentLengthIsAnswered408AndClosed() throws Exception {
        try (Socket s = connect()) {
            String req = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 500\r\n\r\n{\"model\":\"x\"";
            s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String all = untilClosed(s);
            assertThat(all).startsWith("HTTP/1.1 408").contains("\"error\"").contains("request_timeout");
        }
    }
}
