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
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Streams reach the client as the upstream sends them, fail loudly when cut, and fail over only before the first byte. */
class StreamingRelayTest extends GatewayFixture {
    private static final String STREAM_CHAT = "{\"model\":\"chat\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    record Line(long atMillis, String text) {
    }

    record Streamed(HttpResponse<?> response, List<Line> lines) {
        List<Line> data() {
            return lines.stream().filter(l -> l.text().startsWith("data:")).toList();
        }
    }

    private Streamed stream(String path, String body) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .timeout(Duration.ofSeconds(10)).headers(auth()).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long start = System.nanoTime();
        try {
            HttpResponse<Stream<String>> r = http.send(req, HttpResponse.BodyHandlers.ofLines());
            List<Line> lines = new ArrayList<>();
            try (Stream<String> s = r.body()) {
                s.forEach(l -> lines.add(new Line((System.nanoTime() - start) / 1_000_000, l)));
            }
            return new Streamed(r, lines);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void chunksReachTheClientAsTheUpstreamSendsThemNotAtTheEnd() {
        long firstByteMs = 300;
        long perChunkMs = 300;
        List<String> frames = FakeUpstream.openAiFrames("alpha-chat", List.of("a", "b", "c"), false, true); // 6 frames
        upstream.on("alpha-chat", FakeUpstream.sse(frames, firstByteMs, perChunkMs, false));

        Streamed s = stream("/v1/chat/completions", STREAM_CHAT);

        List<Line> data = s.data();
        assertThat(data).hasSize(6);
        long first = data.get(0).atMillis();
        long last = data.get(5).atMillis();
        long upstreamLast = firstByteMs + 5 * perChunkMs;
        System.out.printf("streaming figures: upstream first byte %d ms, client first chunk %d ms; upstream last %d ms, client last %d ms%n",
                firstByteMs, first, upstreamLast, last);
        // The first chunk arrives close to the upstream's first byte, long before the stream ends:
        assertThat(first).isGreaterThanOrEqualTo(firstByteMs - 20).isLessThan(firstByteMs + 600);
        assertThat(last - first).isGreaterThanOrEqualTo(4 * perChunkMs - 100);
        // ...and every chunk reaches the client before the upstream has sent the chunk after next
        // (buffering would hold them all until the end; this slack survives a busy CI machine).
        for (int i = 0; i < data.size() - 1; i++) {
            long upstreamSentAt = firstByteMs + i * perChunkMs;
            assertThat(data.get(i).atMillis()).as("chunk %d arrival", i).isLessThan(upstreamSentAt + 2 * perChunkMs);
        }
        assertThat(s.response().headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        assertThat(data.get(5).text()).isEqualTo("data: [DONE]");
    }

    @Test
    void aMalformedFirstStreamEventFailsOverInsteadOfEndingTheRequest() {
        upstream.on("alpha-chat", FakeUpstream.sse(List.of("data: {\"choices\": [ not json\n\n"), 0, 5, false));
        upstream.on("beta-chat", FakeUpstream.sse(FakeUpstream.openAiFrames("beta-chat", List.of("ok"), false, true), 0, 5, false));

        Streamed s = stream("/v1/chat/completions", STREAM_CHAT);

        assertThat(s.response().statusCode()).isEqualTo(200);
        assertThat(s.response().headers().firstValue("x-healthgate-gateway")).hasValue("beta");
        assertThat(s.response().headers().firstValue("x-healthgate-attempts")).hasValue("2");
        assertThat(s.data()).last().extracting(Line::text).isEqualTo("data: [DONE]");
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
        assertThat(s.data()).last().extracting(Line::text).isEqualTo("data: [DONE]");
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

        List<Line> data = s.data();
        assertThat(data).extracting(Line::text).noneMatch(t -> t.equals("data: [DONE]"));
        assertThat(data.get(data.size() - 1).text()).startsWith("data: {\"error\"").contains("alpha");
        assertThat(upstream.seenFor("beta-chat")).as("no failover after the first byte").isEmpty();
        Outcome o = awaitOutcomes(1).get(0);
        assertThat(o.outcomeClass().countsAgainstOffer()).isTrue();
    }

    @Test
    void aStreamThatEndsWithoutItsTerminalEventIsABadResponse() {
        // Cut after a text delta: no message_delta (stop reason), no message_stop, then a clean close.
        List<String> frames = FakeUpstream.anthropicFrames("claude-up", List.of("x"), false).subList(0, 4);
        upstream.on("claude-up", FakeUpstream.sse(frames, 0, 5, false));
        Streamed s = stream("/v1/messages", "{\"model\":\"acme/claude\",\"max_tokens\":5,\"stream\":true,\"messages\":[]}");
        List<String> text = s.lines().stream().map(Line::text).toList();
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
        assertThat(s.data().get(s.data().size() - 1).text()).contains("\"error\"").contains("timeout");
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
