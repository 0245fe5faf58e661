package io.healthgate.providers.http;

import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client keeps one pool per event loop: a call made on a loop is carried by a connection of
 * that loop's pool (so its response never crosses to another loop's thread), calls on different
 * loops do not share connections, and closing the client closes every loop's pool.
 */
class UpstreamClientPerLoopTest {
    private static final UpstreamCall.Timeouts EASY = new UpstreamCall.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10));
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));

    @AfterEach
    void close() {
        vertx.close().await();
    }

    /** One event-loop context on each of the Vert.x event loops, in the group's order. */
    private List<ContextInternal> oneContextPerLoop() {
        VertxInternal v = (VertxInternal) vertx;
        List<ContextInternal> contexts = new ArrayList<>();
        for (EventExecutor loop : v.nettyEventLoopGroup()) {
            contexts.add(v.contextBuilder().withThreadingModel(ThreadingModel.EVENT_LOOP).withEventLoop((io.netty.channel.EventLoop) loop).build());
        }
        return contexts;
    }

    /** Sends on the context's thread; completes with the body and the thread that read it. */
    private static Future<String[]> callOn(ContextInternal ctx, UpstreamClient client, String url) {
        Promise<String[]> done = Promise.promise();
        ctx.runOnContext(x -> {
            UpstreamExchange e = client.send(new UpstreamCall(url, Map.of(), "{}".getBytes(), EASY));
            e.head().compose(v -> e.body(1024)).onComplete(ar -> {
                if (ar.failed()) {
                    done.fail(ar.cause());
                } else {
                    done.complete(new String[]{ar.result().toString(), Thread.currentThread().getName(),
                            String.valueOf(Vertx.currentContext() == ctx)});
                }
            });
        });
        return done.future();
    }

    @Test
    void aCallOnAnEventLoopUsesThatLoopsOwnConnectionAndIsAnsweredOnItsThread() throws Exception {
        // The server answers with the client port of the connection that carried the request.
        HttpServer server = vertx.createHttpServer()
                .requestHandler(req -> req.response().end(String.valueOf(req.remoteAddress().port())))
                .listen(0, "127.0.0.1").await();
        String url = "http://127.0.0.1:" + server.actualPort() + "/v1/chat/completions";
        List<ContextInternal> loops = oneContextPerLoop();
        assertThat(loops).hasSize(2);
        try (UpstreamClient client = new UpstreamClient(vertx, UpstreamClient.Options.defaults())) {
            assertThat(client.loopPools()).isEqualTo(2);
            String threadA = loops.get(0).nettyEventLoop().submit(() -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS);
            String threadB = loops.get(1).nettyEventLoop().submit(() -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS);
            assertThat(threadA).isNotEqualTo(threadB);

            // One after the other, so an idle pooled connection is there to be reused by any pool that has it.
            String[] a1 = await(callOn(loops.get(0), client, url));
            String[] b1 = await(callOn(loops.get(1), client, url));
            String[] a2 = await(callOn(loops.get(0), client, url));
            String[] b2 = await(callOn(loops.get(1), client, url));

            assertThat(b1[0]).as("loop B does not borrow loop A's idle connection").isNotEqualTo(a1[0]);
            assertThat(a2[0]).as("loop A reuses its own connection").isEqualTo(a1[0]);
            assertThat(b2[0]).as("loop B reuses its own connection").isEqualTo(b1[0]);
            assertThat(a1[1]).isEqualTo(threadA);
            assertThat(a2[1]).isEqualTo(threadA);
            assertThat(b1[1]).isEqualTo(threadB);
            assertThat(b2[1]).isEqualTo(threadB);
            assertThat(List.of(a1[2], a2[2], b1[2], b2[2])).containsOnly("true");
        } finally {
            server.close().await();
        }
    }

    @Test
    void poolsAreChosenByTheCallersEventLoopAndWorkersGetTheFallback() throws Exception {
        List<ContextInternal> loops = oneContextPerLoop();
        VertxInternal v = (VertxInternal) vertx;
        try (UpstreamClient client = new UpstreamClient(vertx, UpstreamClient.Options.defaults())) {
            ContextInternal again = v.contextBuilder().withThreadingModel(ThreadingModel.EVENT_LOOP).withEventLoop(loops.get(0).nettyEventLoop()).build();
            assertThat(client.poolFor(again)).as("same loop, same pool").isSameAs(client.poolFor(loops.get(0)));
            assertThat(client.poolFor(loops.get(1))).isNotSameAs(client.poolFor(loops.get(0)));
            Context worker = v.contextBuilder().withThreadingModel(ThreadingModel.WORKER).withEventLoop(loops.get(0).nettyEventLoop()).build();
            assertThat(client.poolFor(worker)).as("a worker context uses the fallback pool")
                    .isNotSameAs(client.poolFor(loops.get(0))).isNotSameAs(client.poolFor(loops.get(1)));
            assertThat(client.poolFor(null)).isSameAs(client.poolFor(worker));
        }
    }

    @Test
    void aCallFromAThreadOutsideVertxStillWorks() throws Exception {
        HttpServer server = vertx.createHttpServer().requestHandler(req -> req.response().end("ok"))
                .listen(0, "127.0.0.1").await();
        try (UpstreamClient client = new UpstreamClient(vertx, UpstreamClient.Options.defaults())) {
            UpstreamExchange e = client.send(new UpstreamCall("http://127.0.0.1:" + server.actualPort() + "/v1", Map.of(), "{}".getBytes(), EASY));
            Buffer body = await(e.head().compose(x -> e.body(1024)));
            assertThat(body.toString()).isEqualTo("ok");
            assertThat(e.status()).isEqualTo(200);
        } finally {
            server.close().await();
        }
    }

    @Test
    void closingTheClientClosesTheConnectionsOfEveryLoopsPool() throws Exception {
        Set<String> open = ConcurrentHashMap.newKeySet();
        AtomicInteger closed = new AtomicInteger();
        HttpServer server = vertx.createHttpServer()
                .connectionHandler(conn -> {
                    open.add(String.valueOf(conn.remoteAddress().port()));
                    conn.closeHandler(x -> closed.incrementAndGet());
                })
                .requestHandler(req -> req.response().end(String.valueOf(req.remoteAddress().port())))
                .listen(0, "127.0.0.1").await();
        String url = "http://127.0.0.1:" + server.actualPort() + "/v1";
        List<ContextInternal> loops = oneContextPerLoop();
        UpstreamClient client = new UpstreamClient(vertx, UpstreamClient.Options.defaults());
        try {
            await(callOn(loops.get(0), client, url));
            await(callOn(loops.get(1), client, url));
            // Off a loop too: a call from this thread (its own context's loop).
            UpstreamExchange e = client.send(new UpstreamCall(url, Map.of(), "{}".getBytes(), EASY));
            await(e.head().compose(x -> e.body(1024)));
            assertThat(open).as("one connection per loop's pool").hasSize(2);
            assertThat(closed.get()).isZero();

            client.close();

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (closed.get() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(closed.get()).as("every pool's connection closed").isEqualTo(2);
            for (ContextInternal ctx : loops) {
                Future<String[]> after = callOn(ctx, client, url);
                after.transform(ar -> Future.succeededFuture()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                assertThat(after.failed()).as("a closed pool takes no call").isTrue();
            }
        } finally {
            client.close();
            server.close().await();
        }
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
