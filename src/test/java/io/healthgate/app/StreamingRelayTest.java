package io.healthgate.app;

import io.healthgate.health.Outcome;
import io.healthgate.health.OutcomeClass;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Streams reach the client as the upstream sends them, fail loudly when cut, and fail over only before the first byte. */
class StreamingRelayTest extends GatewayFixture {
    private static final String STREAM_CHAT = "{\"model\":\"chat\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    record Streamed(HttpResponse<?> response, List<String> lines) {
        List<String> data() {
            return lines.stream().filter(l -> l.startsWith("data:")).toList();
        }
    }

    private Streamed stream(String path, String body) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .timeout(Duration.ofSeconds(10)).headers(auth()).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<Stream<String>> r = http.send(req, HttpResponse.BodyHandlers.ofLines());
            List<String> lines = new ArrayList<>();
            try (Stream<String> s = r.body()) {
                s.forEach(lines::add);
            }
            return new Streamed(r, lines);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void eachChunkReachesTheClientBeforeTheUpstreamSendsTheNext() throws Exception {
        List<String> frames = FakeUpstream.openAiFrames("alpha-chat", List.of("a", "b", "c"), false, true); // 6 frames
        Semaphore gate = new Semaphore(0);
        upstream.on("alpha-chat", FakeUpstream.gatedSse(frames, gate));
        HttpRequest req = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(10)).headers(auth()).POST(HttpRequest.BodyPublishers.ofString(STREAM_CHAT)).build();
        HttpResponse<Stream<String>> r = http.send(req, HttpResponse.BodyHandlers.ofLines());
        List<String> data = new ArrayList<>();
        try (Stream<String> lines = r.body()) {
            // The upstream sends frame i+1 only once the client has frame i: buffering anywhere on the way would stall here.
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.startsWith("data:")) {
                    data.add(line);
                    gate.release();
                }
            }
        }
        assertThat(data).hasSize(6);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        assertThat(data.get(5)).isEqualTo("data: [DONE]");
    }

    @Test
    void aMalformedFirstStreamEventFailsOverInsteadOfEndingTheRequest() {
        upstream.on("alpha-chat", FakeUpstream.sse(List.of("data: {\"choices\": [ not json\n\n"), 0, 5, false));
        upstream.on("beta-chat", FakeUpstream.sse(FakeUpstream.openAiFrames("beta-chat", List.of("ok"), false, true), 0, 5, false));

        Streamed s = stream("/v1/chat/completions", STREAM_CHAT);

        assertThat(s.response().statusCode()).isEqualTo(200);
        assertThat(s.response().headers().firstValue("x-healthgate-gateway")).hasValue("beta");
        assertThat(s.response().headers().firstValue("x-healthgate-attempts")).hasValue("2");
        assertThat(s.data()).last().isEqualTo("data: [DONE]");
        List<Outcome> out = awaitOutcomes(2);
        assertThat(out).extracting(o -> o.offer().gateway() + ":" + o.outcomeClass().wireName())
                .containsExactly("alpha:bad_response", "beta:success");
    }

    @Test
    void a503BeforeTheFirstByteFailsOverToTheNextOffer() {
        upstream.on("alpha-chat", FakeUpstream.json(503, "{\"error\":{\"message\":\"overloaded\"}}"));
        upstream.on("beta-chat", FakeUpstream.sse(FakeUpstream.openAiFrames("beta-chat", List.of("ok"), false, true), 0, 5, false));

        Streamed s = stream("/v1/chat/completions", STREAM_CHAT);

        assertThat(s.response().statusCode()).isEqualTo(200);
        assertThat(s.response().headers().firstValue("x-healthgate-gateway")).hasValue("beta");
        assertThat(s.response().headers().firstValue("x-healthgate-attempts")).hasValue("2");
        assertThat(s.data()).last().isEqualTo("data: [DONE]");
        List<Outcome> out = awaitOutcomes(2);
        assertThat(out).extracting(o -> o.offer().gateway() + ":" + o.outcomeClass().wireName())
                .containsExactly("alpha:server_error", "beta:success");
    }

    @Test
    void aStreamCutBeforeItsFirstEventFailsOverToo() {
        upstream.on("alpha-chat", FakeUpstream.sse(List.of(), 0, 0, true));
        upstream.on("beta-chat", FakeUpstream.sse(FakeUpstream.openAiFrames("beta-chat", List.of("ok"), false, true), 0, 5, false));
        Streamed s = stream("/v1/chat/completions", STREAM_CHAT);
        assertThat(s.response().headers().firstValue("x-healthgate-gateway")).hasValue("beta");
        assertThat(awaitOutcomes(2).get(0).outcomeClass().countsAgainstOffer()).isTrue();
    }

    @Test
    void aStreamCutMidWayEndsWithAnErrorEventNotACleanEnd() {
        List<String> partial = FakeUpstream.openAiFrames("alpha-chat", List.of("a", "b"), false, false);
        upstream.on("alpha-chat", FakeUpstream.sse(partial, 0, 20, true));
        upstream.on("beta-chat", FakeUpstream.sse(FakeUpstream.openAiFrames("beta-chat", List.of("never"), false, true), 0, 5, false));

        Streamed s = stream("/v1/chat/completions", STREAM_CHAT);

        List<String> data = s.data();
        assertThat(data).noneMatch(t -> t.equals("data: [DONE]"));
        assertThat(data.get(data.size() - 1)).startsWith("data: {\"error\"").contains("alpha");
        assertThat(upstream.seenFor("beta-chat")).as("no failover after the first byte").isEmpty();
        Outcome o = awaitOutcomes(1).get(0);
        assertThat(o.outcomeClass().countsAgainstOffer()).isTrue();
    }

    @Test
    void aStreamThatEndsWithoutItsTerminalEventIsABadResponse() {
        // Cut after a text delta: no message_delta (stop reason), no message_stop, then a clean close.
        List<String> frames = FakeUpstream.anthropicFrames("claude-up", List.of("x"), false).subList(0, 4);
        upstream.on("claude-up", FakeUpstream.sse(frames, 0, 5, false));
        Streamed s = stream("/v1/messages", "{\"model\":\"acme/claude\",\"max_tokens\":5,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        List<String> text = s.lines();
        assertThat(text).contains("event: error").doesNotContain("event: message_stop");
        assertThat(awaitOutcomes(1).get(0).outcomeClass()).isEqualTo(OutcomeClass.BAD_RESPONSE);
    }

    @Test
    void anUpstreamThatGoesSilentMidStreamIsEndedByTheIdleTimeout() {
        List<String> frames = FakeUpstream.openAiFrames("alpha-chat", List.of("a"), false, false);
        upstream.on("alpha-chat", (req, body, up) -> {
            var r = req.response().setStatusCode(200).setChunked(true).putHeader("content-type", "text/event-stream");
            r.write(frames.get(0)); // then nothing, for ever
        });
        Streamed s = stream("/v1/chat/completions", STREAM_CHAT);
        assertThat(s.data().get(s.data().size() - 1)).contains("\"error\"").contains("timeout");
        assertThat(awaitOutcomes(1).get(0).outcomeClass()).isEqualTo(OutcomeClass.TIMEOUT);
    }

    @Test
    void clientGoingAwayCancelsTheUpstreamCall() throws Exception {
        List<String> many = FakeUpstream.openAiFrames("alpha-chat", java.util.Collections.nCopies(50, "x"), false, true);
        upstream.on("alpha-chat", FakeUpstream.sse(many, 0, 100, false));
        String body = STREAM_CHAT;
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + CLIENT_KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                    + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            int guard = 0;
            while ((line = in.readLine()) != null && !line.startsWith("data:") && guard++ < 100) {
                // skip the head until the first event
            }
            assertThat(line).startsWith("data:");
        } // the client hangs up here, mid-stream
        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.closedBeforeEnd.get() == 1);
        assertThat(awaitOutcomes(1).get(0).outcomeClass()).isEqualTo(OutcomeClass.CANCELLED);
    }
}
