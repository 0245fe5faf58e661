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
    /*
     * The three limits are deadlines (System.nanoTime, NONE when not running) watched by one timer:
     * it is set for the earliest deadline and, when it fires before any is due (chunks moved the
     * idle deadline, the first byte came), sleeps again for what is left. A call that ends in time
     * costs one timer set and one cancel, not one per limit and per chunk (Vert.x timer-map updates
     * and Netty scheduler-queue work, ~7% of the gateway's CPU at saturation).
     */
    private static final long NONE = Long.MAX_VALUE;
    private long totalAt = NONE;
    private long firstByteAt = NONE;
    private long idleAt = NONE;
    private long timer = -1;
    private long timerAt;
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

    /** The context every step of the call runs on (the caller's, or the one made for a non-Vert.x thread). */
    Context context() {
        return context;
    }

    void start(HttpClientAgent client) {
        onContext(() -> {
            UpstreamCall.Timeouts t = call.timeouts();
            totalAt = startNanos + t.total().toNanos();
            // The first look is no later than a first-byte deadline could be (it runs from sending,
            // which is after now), so sending later needs no new timer.
            schedule(Math.min(totalAt, startNanos + t.firstByte().toNanos()));
            RequestOptions options = ParsedUrls.setAbsolute(new RequestOptions().setMethod(HttpMethod.POST), call.url())
                    .setConnectTimeout(connectTimeout.toMillis())
                    .setFollowRedirects(false);
            Future<HttpClientRequest> requested;
            try {
                requested = client.request(options);
            } catch (RuntimeException e) {
                fail(e); // a closed client throws here instead of failing the future: end the call, do not hang it
                return;
            }
            requested.onComplete(ar -> {
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
                firstByteAt = System.nanoTime() + t.firstByte().toNanos();
                watch();
                // Wrapped, not copied (Buffer.buffer(byte[]) copies): a call's body is never changed.
                req.send(Bytes.wrap(call.body())).onComplete(rar -> {
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
        firstByteAt = NONE;
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
        // A one-chunk body (the usual whole answer) is that chunk, not a copy of it: Vert.x hands
        // each chunk over as a fresh heap buffer of its own, and nothing else holds it.
        Buffer[] all = {null};
        boolean[] joined = {false};
        stream(b -> {
            int have = all[0] == null ? 0 : all[0].length();
            if (have + b.length() > maxBytes) {
                fail(new UpstreamConnectionException("upstream body exceeded " + maxBytes + " bytes", null));
            } else if (all[0] == null) {
                all[0] = b;
            } else {
                if (!joined[0]) {
                    all[0] = Buffer.buffer(have + b.length()).appendBuffer(all[0]);
                    joined[0] = true;
                }
                all[0].appendBuffer(b);
            }
        }, v -> p.tryComplete(all[0] == null ? Buffer.buffer() : all[0]), p::tryFail);
        return p.future();
    }

    /** Stops reading (back-pressure from a slow client); the idle limit is suspended meanwhile. */
    public void pause() {
        onContext(() -> {
            if (response != null && !finished && !paused) {
                paused = true;
                idleAt = NONE;
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

    /** Moves the idle deadline to now plus the idle limit (the watching timer usually stays as it is). */
    private void armIdle() {
        if (finished) {
            return;
        }
        idleAt = System.nanoTime() + call.timeouts().idle().toNanos();
        watch();
    }

    /** Makes sure the timer fires no later than the earliest deadline. */
    private void watch() {
        long due = Math.min(totalAt, Math.min(firstByteAt, idleAt));
        if (finished || (timer >= 0 && timerAt <= due)) {
            return;
        }
        cancelTimer();
        schedule(due);
    }

    private void schedule(long at) {
        timerAt = at;
        long ms = Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.max(0, at - System.nanoTime()) + 999_999));
        timer = vertx.setTimer(ms, this::onTimer);
    }

    private void onTimer(long id) {
        if (id != timer) {
            return; // cancelled after it was already due
        }
        timer = -1;
        if (finished) {
            return;
        }
        long now = System.nanoTime();
        UpstreamCall.Timeouts t = call.timeouts();
        // Of the limits passed, the one due first ends the call, as its own timer would have.
        long due = NONE;
        UpstreamTimeoutException.Phase phase = null;
        long limitMs = 0;
        if (firstByteAt <= now && firstByteAt < due) {
            due = firstByteAt;
            phase = UpstreamTimeoutException.Phase.FIRST_BYTE;
            limitMs = t.firstByte().toMillis();
        }
        if (idleAt <= now && idleAt < due) {
            due = idleAt;
            phase = UpstreamTimeoutException.Phase.IDLE;
            limitMs = t.idle().toMillis();
        }
        if (totalAt <= now && totalAt < due) {
            phase = UpstreamTimeoutException.Phase.TOTAL;
            limitMs = t.total().toMillis();
        }
        if (phase != null) {
            fail(new UpstreamTimeoutException(phase, limitMs));
        } else {
            watch();
        }
    }

    private void cancelTimers() {
        cancelTimer();
        firstByteAt = NONE;
        idleAt = NONE;
    }

    private void cancelTimer() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
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
