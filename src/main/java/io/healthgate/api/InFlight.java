package io.healthgate.api;

import io.healthgate.proxy.FrontDoor;
import io.healthgate.proxy.Interruptible;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The requests the process is answering right now, across every server instance, so a shutdown
 * can wait for them ({@link #awaitIdle}) and, once its grace is over, end each one properly
 * ({@link #interruptAll}) rather than cut its connection. A request counts from the moment its
 * headers arrive until its response has ended or its connection closed.
 * <p>
 * Thread rules: {@link #admit} and {@link #onInterrupt} run on the request's event loop;
 * {@link #awaitIdle} blocks its caller (the shutdown thread, never an event loop);
 * {@link #interruptAll} hands each request's ending to that request's own event loop.
 */
public final class InFlight {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(InFlight.class);

    /** Keyed by the response: vertx-web hands handlers a wrapper of the request, but the response itself. */
    private final Map<HttpServerResponse, Entry> open = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();

    /** One open request: where it runs, and how the proxy ends it early (none for the front's own answers). */
    private static final class Entry {
        final HttpServerRequest request;
        final Context context;
        volatile Interruptible interrupt = Interruptible.NONE;

        Entry(HttpServerRequest request, Context context) {
            this.request = request;
            this.context = context;
        }
    }

    /** Counts {@code request} until its response ends or its connection closes. */
    void admit(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        open.put(response, new Entry(request, Vertx.currentContext()));
        // Vert.x calls the end handler once: when the response has been written, or when the
        // connection closed before it was. Nothing else in the front sets it.
        response.endHandler(v -> done(response));
    }

    /** The proxy carries the request of {@code response} now: at the end of a shutdown grace, {@code interrupt} ends it. */
    void onInterrupt(HttpServerResponse response, Interruptible interrupt) {
        Entry e = open.get(response);
        if (e != null) {
            e.interrupt = interrupt;
        }
    }

    private void done(HttpServerResponse response) {
        if (open.remove(response) != null && open.isEmpty()) {
            lock.lock();
            try {
                idle.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Requests being answered now. */
    public int size() {
        return open.size();
    }

    /**
     * Waits until no request is open, at most {@code max}; true when none is. Blocks the caller:
     * the shutdown thread only.
     */
    public boolean awaitIdle(Duration max) throws InterruptedException {
        long left = max.toNanos();
        lock.lock();
        try {
            while (!open.isEmpty()) {
                if (left <= 0) {
                    return false;
                }
                left = idle.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends every open request now, each on its own event loop: a proxied one as the proxy says
     * (its upstream calls cancelled, a 503 or, mid-stream, an error event in the door's format);
     * any other still without a head gets a 503 in its door's shape; one half-written otherwise
     * has its connection closed.
     *
     * @return how many requests were open
     */
    public int interruptAll(String why) {
        int n = 0;
        for (Entry e : open.values()) {
            n++;
            Runnable end = () -> {
                if (e.request.response().ended()) {
                    return;
                }
                try {
                    e.interrupt.interrupt(why);
                } catch (RuntimeException ex) {
                    log.warn("ending request {} {} at shutdown failed: {}", e.request.method(), e.request.path(), ex.toString());
                }
                if (e.request.response().ended()) {
                    return;
                }
                if (!e.request.response().headWritten()) {
                    FrontDoor door = e.request.path().startsWith("/v1/messages") ? FrontDoor.ANTHROPIC : FrontDoor.OPENAI;
                    e.request.response().putHeader("retry-after", "1").putHeader("connection", "close");
                    Replies.error(e.request.response(), door, 503, why, "gateway_shutting_down");
                } else {
                    e.request.connection().close();
                }
            };
            if (e.context != null) {
                e.context.runOnContext(v -> end.run());
            } else {
                end.run();
            }
        }
        return n;
    }

    /** How long {@link #awaitIdle} may take after {@link #interruptAll}: ending is quick, a slow client's last write may not be. */
    public static final Duration AFTER_INTERRUPT = Duration.ofSeconds(2);
}
