package io.healthgate.providers.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first-byte deadline counts the upstream's silence once it has the request, not the time a
 * call waits for one of the host's pooled connections (the gateway's own queue). With a pool of
 * one connection and the first call holding it for longer than the second call's deadline, the
 * second call must still be answered: before, it failed with a first-byte timeout that the health
 * engine recorded against an upstream that answered it at once.
 */
class UpstreamExchangeTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().await();
    }

    @Test
    void waitingForAPooledConnectionDoesNotCountAgainstTheFirstByteDeadline() throws Exception {
        AtomicInteger served = new AtomicInteger();
        HttpServer server = vertx.createHttpServer().requestHandler(req -> {
            int n = served.incrementAndGet();
            long delay = n == 1 ? 1_500 : 1; // the first call holds the only connection past the second's deadline
            vertx.setTimer(delay, id -> req.response().end("{\"n\":" + n + "}"));
        }).listen(0, "127.0.0.1").await();
        String url = "http://127.0.0.1:" + server.actualPort() + "/v1/chat/completions";
        try (UpstreamClient client = new UpstreamClient(vertx, new UpstreamClient.Options(1, Duration.ofSeconds(5), Duration.ofSeconds(60)))) {
            UpstreamCall.Timeouts slowOk = new UpstreamCall.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10));
            UpstreamCall.Timeouts tight = new UpstreamCall.Timeouts(Duration.ofMillis(700), Duration.ofSeconds(5), Duration.ofSeconds(10));
            UpstreamExchange first = client.send(new UpstreamCall(url, Map.of(), "{}".getBytes(), slowOk));
            UpstreamExchange second = client.send(new UpstreamCall(url, Map.of(), "{}".getBytes(), tight));

            first.head().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            second.head().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).as("answered once it had the connection").isEqualTo(200);
            assertThat(second.body(1024).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).toString())
                    .isEqualTo("{\"n\":2}");
        } finally {
            server.close().await();
        }
    }

    @Test
    void anUpstreamSilentPastTheDeadlineAfterTakingTheRequestStillTimesOut() throws Exception {
        HttpServer server = vertx.createHttpServer().requestHandler(req -> {
            // never answers
        }).listen(0, "127.0.0.1").await();
        String url = "http://127.0.0.1:" + server.actualPort() + "/v1/chat/completions";
        try (UpstreamClient client = new UpstreamClient(vertx, UpstreamClient.Options.defaults())) {
            UpstreamCall.Timeouts tight = new UpstreamCall.Timeouts(Duration.ofMillis(300), Duration.ofSeconds(5), Duration.ofSeconds(10));
            UpstreamExchange call = client.send(new UpstreamCall(url, Map.of(), "{}".getBytes(), tight));
            call.head().transform(ar -> io.vertx.core.Future.succeededFuture()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(call.head().failed()).isTrue();
            assertThat(call.head().cause()).isInstanceOf(UpstreamTimeoutException.class);
            assertThat(((UpstreamTimeoutException) call.head().cause()).phase()).isEqualTo(UpstreamTimeoutException.Phase.FIRST_BYTE);
        } finally {
            server.close().await();
        }
    }
    /**
     * The idle limit runs between chunks: one timer re-sleeps while chunks keep coming, so a body
     * whose chunks are each sooner than the limit (though the whole takes several limits) is read
     * whole, and silence past the limit after a chunk still ends the call as an idle timeout.
     */
    @Test
    void chunksSoonerThanTheIdleLimitKeepTheCallAliveAndSilencePastItTimesOut() throws Exception {
        HttpServer server = vertx.createHttpServer().requestHandler(req -> {
            req.response().setChunked(true).write("a");
            boolean silent = req.path().endsWith("/silent");
            long[] sent = {1};
            vertx.setPeriodic(100, id -> {
                if (silent) {
                    vertx.cancelTimer(id); // one chunk, then nothing
                    return;
                }
                if (sent[0]++ < 8) {
                    req.response().write("b");
                } else {
                    vertx.cancelTimer(id);
                    req.response().end("c");
                }
            });
        }).listen(0, "127.0.0.1").await();
        String base = "http://127.0.0.1:" + server.actualPort() + "/v1";
        try (UpstreamClient client = new UpstreamClient(vertx, UpstreamClient.Options.defaults())) {
            UpstreamCall.Timeouts idle400 = new UpstreamCall.Timeouts(Duration.ofSeconds(5), Duration.ofMillis(400), Duration.ofSeconds(20));
            UpstreamExchange steady = client.send(new UpstreamCall(base + "/steady", Map.of(), "{}".getBytes(), idle400));
            steady.head().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(steady.body(1024).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).toString())
                    .as("every chunk within the idle limit of the one before").isEqualTo("abbbbbbbc");

            UpstreamExchange silent = client.send(new UpstreamCall(base + "/silent", Map.of(), "{}".getBytes(), idle400));
            silent.head().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            var body = silent.body(1024);
            body.transform(ar -> io.vertx.core.Future.succeededFuture()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(body.failed()).isTrue();
            assertThat(body.cause()).isInstanceOf(UpstreamTimeoutException.class);
            assertThat(((UpstreamTimeoutException) body.cause()).phase()).isEqualTo(UpstreamTimeoutException.Phase.IDLE);
        } finally {
            server.close().await();
        }
    }
    /** The total limit ends a call whose chunks keep coming within the idle limit, as a total timeout. */
    @Test
    void aBodyThatKeepsComingPastTheTotalLimitTimesOutAsTotal() throws Exception {
        HttpServer server = vertx.createHttpServer().requestHandler(req -> {
            req.response().setChunked(true).write("a");
            vertx.setPeriodic(50, id -> {
                if (req.response().ended() || req.response().closed()) {
                    vertx.cancelTimer(id);
                } else {
                    req.response().write("b");
                }
            });
        }).listen(0, "127.0.0.1").await();
        String url = "http://127.0.0.1:" + server.actualPort() + "/v1/chat/completions";
        try (UpstreamClient client = new UpstreamClient(vertx, UpstreamClient.Options.defaults())) {
            UpstreamCall.Timeouts total600 = new UpstreamCall.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(600));
            UpstreamExchange call = client.send(new UpstreamCall(url, Map.of(), "{}".getBytes(), total600));
            call.head().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            var body = call.body(1 << 20);
            body.transform(ar -> io.vertx.core.Future.succeededFuture()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(body.failed()).isTrue();
            assertThat(body.cause()).isInstanceOf(UpstreamTimeoutException.class);
            assertThat(((UpstreamTimeoutException) body.cause()).phase()).isEqualTo(UpstreamTimeoutException.Phase.TOTAL);
        } finally {
            server.close().await();
        }
    }
}
