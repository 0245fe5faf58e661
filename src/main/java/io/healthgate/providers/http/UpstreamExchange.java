package io.healthgate.providers.http;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One call in flight. All state is touched on one Vert.x context only (calls from other threads
 * hop onto it), so no locks. The exchange ends exactly once: by the body's end, by a failure, by
 * a timeout, or by {@link #cancel(String)}; whatever ends it resets the upstream request if the
 * response was not complete, so an abandoned call never keeps a gateway busy.
 */
public final class UpstreamExchange {
    private final Vertx vertx;
    private final Context context;
    private final UpstreamCall call;
    private final Duration connectTimeout;
    private final Promise<Void> head = Promise.promise();
    private final long startNanos = System.nanoTime();

    private HttpClientRequest request;
    private HttpClientResponse response;
    /** Built from the response head on first use: only failures and classification read it. */
    private Map<String, String> headers;
    private long headNanos = -1;
    private long firstChunkNanos = -1;
    private long endNanos = -1;
    private long firstByteTimer = -1;
    private long idleTimer = -1;
    private long idleDeadlineNanos;
    private long totalTimer = -1;
    private boolean finished;
    private boolean paused;
    /** Set once the request is handed to a connection: from then on the gateway may have it. */
    private volatile boolean sent;
    private Throwable failure;

    private Handler<Buffer> onChunk;
    private Handler<Void> onEnd;
    private Handler<Throwable> onError;

    UpstreamExchange(Vertx vertx, UpstreamCall call, Duration connectTimeout) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.call = call;
        this.connectTimeout = connectTimeout;
    }

    void start(HttpClientAgent client) {
        onContext(() -> {
            UpstreamCall.Timeouts t = call.timeouts();
            totalTimer = vertx.setTimer(t.total().toMillis(),
                    id -> fail(new UpstreamTimeoutException(UpstreamTimeoutException.Phase.TOTAL, t.total().toMillis())));
            RequestOptions options = ParsedUrls.setAbsolute(new RequestOptions().setMethod(HttpMethod.POST), call.url())
                    .setConnectTimeout(connectTimeout.toMillis())
                    .setFollowRedirects(false);
            client.request(options).onComplete(ar -> {
                if (ar.failed()) {
                    fail(ar.cause());
                    return;
                }
                HttpClientRequest req = ar.result();
                if (finished) {
                    req.reset();
                    return;
                }
                request = req;
                call.headers().forEach((name, value) -> req.putHeader(HeaderNames.of(name), value));
                sent = true;
                // The first-byte deadline is the upstream's silence once it has the request. Waiting
                // for a pooled connection (all of a host's connections busy) is this gateway's own
                // queue, and the connect has its own timeout; counting them here turned local load
                // into upstream timeouts (504s and false TIMEOUT outcomes with thousands of held streams).
                firstByteTimer = vertx.setTimer(t.firstByte().toMillis(),
                        id -> fail(new UpstreamTimeoutException(UpstreamTimeoutException.Phase.FIRST_BYTE, t.firstByte().toMillis())));
                req.send(Buffer.buffer(call.body())).onComplete(rar -> {
                    if (rar.failed()) {
                        fail(rar.cause());
                    } else {
                        onHead(rar.result());
                    }
                });
            });
        });
    }

    private void onHead(HttpClientResponse resp) {
        if (finished) {
            return;
        }
        resp.pause();
        response = resp;
        headNanos = System.nanoTime();
        cancelTimer(firstByteTimer);
        resp.handler(this::chunk);
        resp.endHandler(v -> end());
        resp.exceptionHandler(this::fail);
        head.complete();
    }

    /** Completes when the response head arrived; fails when the call failed before that. */
    public Future<Void> head() {
        return head.future();
    }

    /** The upstream status code (valid once {@link #head()} completed). */
    public int status() {
        return response == null ? 0 : response.statusCode();
    }

    /** Response headers with lower-case names, first value of each. */
    public Map<String, String> headers() {
        if (headers == null) {
            if (response == null) {
                return Map.of();
            }
            Map<String, String> h = new LinkedHashMap<>();
            response.headers().forEach(e -> h.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
            headers = java.util.Collections.unmodifiableMap(h);
        }
        return headers;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers().get(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * Time to the first byte of the body when one arrived, else to the response head; empty when
     * nothing arrived. For a stream this is the time to the first token, which is what latency
     * health is about.
     */
    public Optional<Duration> timeToFirstByte() {
        long at = firstChunkNanos >= 0 ? firstChunkNanos : headNanos;
        return at < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(at - startNanos));
    }

    /** Time from sending to the end (or to now while running). */
    public Duration elapsed() {
        return Duration.ofNanos((endNanos >= 0 ? endNanos : System.nanoTime()) - startNanos);
    }

    /**
     * Starts delivering the body. Chunks arrive as the upstream sends them; exactly one of
     * {@code end} or {@code error} is called once.
     */
    public void stream(Handler<Buffer> chunk, Handler<Void> end, Handler<Throwable> error) {
        onContext(() -> {
            this.onChunk = chunk;
            this.onEnd = end;
            this.onError = error;
            if (failure != null) {
                error.handle(failure);
                return;
            }
            if (response != null) {
                armIdle();
                response.resume();
            }
        });
    }

    /** Reads the whole body, failing when it passes {@code maxBytes}. */
    public Future<Buffer> body(int maxBytes) {
        Promise<Buffer> p = Promise.promise();
        Buffer all = Buffer.buffer();
        stream(b -> {
            if (all.length() + b.length() > maxBytes) {
                fail(new UpstreamConnectionException("upstream body exceeded " + maxBytes + " bytes", null));
            } else {
                all.appendBuffer(b);
            }
        }, v -> p.tryComplete(all), p::tryFail);
        return p.future();
    }

    /** Stops reading (back-pressure from a slow client); the idle limit is suspended meanwhile. */
    public void pause() {
        onContext(() -> {
            if (response != null && !finished && !paused) {
                paused = true;
                cancelIdle();
                response.pause();
            }
        });
    }

    public void resume() {
        onContext(() -> {
            if (response != null && !finished && paused) {
                paused = false;
                armIdle();
                response.resume();
            }
        });
    }

    /** Abandons the call and resets the upstream request; a no-op when it already ended. */
    public void cancel(String reason) {
        onContext(() -> fail(new UpstreamCancelledException(reason)));
    }

    /**
     * True once the request was handed to a connection to be written. Before that (waiting for a
     * pooled connection, connecting) the gateway has seen nothing of it, so an exchange cancelled
     * then was never a call of the offer.
     */
    public boolean sent() {
        return sent;
    }

    /** True once the exchange ended, one way or another. */
    public boolean finished() {
        return finished;
    }

    private void chunk(Buffer b) {
        if (finished) {
            return;
        }
        if (firstChunkNanos < 0 && b.length() > 0) {
            firstChunkNanos = System.nanoTime();
        }
        armIdle();
        if (onChunk != null) {
            onChunk.handle(b);
        }
    }

    private void end() {
        if (finished) {
            return;
        }
        finished = true;
        endNanos = System.nanoTime();
        cancelTimers();
        if (onEnd != null) {
            onEnd.handle(null);
        }
    }

    private void fail(Throwable t) {
        if (finished) {
            return;
        }
        finished = true;
        endNanos = System.nanoTime();
        cancelTimers();
        failure = UpstreamConnectionException.normalise(t);
        if (request != null) {
            request.reset();
        }
        if (!head.future().isComplete()) {
            head.fail(failure);
        } else if (onError != null) {
            onError.handle(failure);
        }
    }

    /**
     * Moves the idle deadline to now plus the idle limit. One timer serves many chunks: when it
     * fires early (chunks came meanwhile) it sleeps again for what is left, instead of every chunk
     * cancelling a timer and setting a new one (two timer-map updates and a scheduler task each).
     */
    private void armIdle() {
        if (finished) {
            cancelIdle();
            return;
        }
        long ms = call.timeouts().idle().toMillis();
        idleDeadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        if (idleTimer < 0) {
            scheduleIdle(ms, ms);
        }
    }

    private void scheduleIdle(long delayMs, long limitMs) {
        idleTimer = vertx.setTimer(Math.max(1, delayMs), id -> {
            if (id != idleTimer) {
                return; // a timer cancelled after it was already due
            }
            idleTimer = -1;
            if (finished || paused) {
                return;
            }
            long left = idleDeadlineNanos - System.nanoTime();
            if (left > 0) {
                scheduleIdle(TimeUnit.NANOSECONDS.toMillis(left + 999_999), limitMs);
            } else {
                fail(new UpstreamTimeoutException(UpstreamTimeoutException.Phase.IDLE, limitMs));
            }
        });
    }

    private void cancelIdle() {
        cancelTimer(idleTimer);
        idleTimer = -1;
    }

    private void cancelTimers() {
        cancelTimer(firstByteTimer);
        cancelIdle();
        cancelTimer(totalTimer);
    }

    private void cancelTimer(long id) {
        if (id >= 0) {
            vertx.cancelTimer(id);
        }
    }

    private void onContext(Runnable r) {
        if (Vertx.currentContext() == context) {
            r.run();
        } else {
            context.runOnContext(v -> r.run());
        }
    }
}
