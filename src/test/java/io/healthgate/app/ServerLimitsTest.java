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
 * The server's connection limits in the real gateway (body read 1 s, idle 2 s, header read 1 s,
 * at most 3 connections): a client that stops in the middle of its headers, a slowloris client
 * trickling them, idle clients (kept alive or silent from the start) and a body shorter than its
 * Content-Length are each closed by the server (the last answered 408 in the door's shape first);
 * a connection over the cap is answered 503 in the door's shape and closed, and once connections
 * close new ones are served again. Socket-level timing cannot run on fake time: the timeouts are
 * short and every wait is bounded and generous (a server that never closes fails, never hangs).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.Timeout(120)
class ServerLimitsTest {
    private static final int MAX_CONNECTIONS = 3;
    private SimulatedFleet fleet;
    private Healthgate gateway;

    @BeforeAll
    void start() {
        fleet = SimulatedFleet.start(null, TestFleets.small(), 0);
        HealthgateConfig d = HealthgateConfig.defaults();
        HealthgateConfig config = d.withServer(d.server().withLimits(1, 2, 1, MAX_CONNECTIONS))
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
        return connect(gateway.port());
    }

    /** A raw client connection to a gateway on loopback; a server that never closes fails the test instead of hanging it. */
    static Socket connect(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(20_000);
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

    @Test
    void aSlowlorisClientTricklingItsHeadersIsClosedByTheHeaderReadTimeout() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
            java.util.concurrent.atomic.AtomicInteger trickled = new java.util.concurrent.atomic.AtomicInteger();
            Thread trickler = new Thread(() -> {
                try {
                    // One header byte every 250 ms for up to 15 s: each byte would reset an idle timer (2 s).
                    for (int i = 0; i < 60; i++) {
                        s.getOutputStream().write('x');
                        s.getOutputStream().flush();
                        trickled.incrementAndGet();
                        Thread.sleep(250);
                    }
                } catch (IOException | InterruptedException closed) {
                    // the server closed the connection: what the test waits for
                }
            });
            trickler.start();
            assertThat(untilClosed(s)).as("nothing is answered to headers that never end").isEmpty();
            assertThat(trickled.get()).as("closed while the client was still trickling, not after it gave up").isLessThan(60);
            trickler.interrupt();
            trickler.join(5_000);
        }
    }

    @Test
    void idleConnectionsThatNeverSendAByteAreAllClosed() throws Exception {
        Socket[] idle = new Socket[MAX_CONNECTIONS];
        try {
            for (int i = 0; i < idle.length; i++) {
                idle[i] = connect();
            }
            for (Socket s : idle) {
                assertThat(s.getInputStream().read()).as("closed by the server, silently").isEqualTo(-1);
            }
        } finally {
            for (Socket s : idle) {
                if (s != null) {
                    s.close();
                }
            }
        }
        awaitServedAgain();
    }

    @Test
    void aConnectionOverTheCapIsAnswered503InTheDoorsShapeAndClosedAndServiceResumesAfterwards() throws Exception {
        awaitServedAgain(); // connections of earlier tests are gone
        Socket[] held = new Socket[MAX_CONNECTIONS];
        try {
            for (int i = 0; i < held.length; i++) {
                held[i] = connect();
            }
            try (Socket over = connect()) {
                over.getOutputStream().write(("POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
                String all = untilClosed(over);
                assertThat(all).startsWith("HTTP/1.1 503").containsIgnoringCase("retry-after: 1")
                        .contains("\"type\":\"error\"").contains("server.max_connections");
            }
        } finally {
            for (Socket s : held) {
                if (s != null) {
                    s.close();
                }
            }
        }
        awaitServedAgain();
    }

    /** Waits (bounded) until a new connection is served again: closed connections leave the count once the server sees them go. */
    private void awaitServedAgain() {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            try (Socket s = connect()) {
                s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                return untilClosed(s).startsWith("HTTP/1.1 200");
            }
        });
    }
}
