package io.healthgate.proxy;

import io.healthgate.providers.http.UpstreamCall;
import io.healthgate.providers.http.UpstreamCancelledException;
import io.healthgate.support.FakeClock;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An upstream whose calls answer only when the test says so, on the test's thread and fake
 * clock: each call becomes a {@link Call} the test answers with a status and body, a stream of
 * events, or a failure. So a journey runs as a timeline with no network and no wall time.
 */
final class ScriptedUpstream implements Upstream {
    private final FakeClock clock;
    private final List<Call> calls = new ArrayList<>();
    private boolean holdNewCalls;

    ScriptedUpstream(FakeClock clock) {
        this.clock = clock;
    }

    @Override
    public Exchange send(UpstreamCall call) {
        Call c = new Call(call, clock);
        c.written = !holdNewCalls;
        calls.add(c);
        return c;
    }

    /**
     * Calls started from now on wait for a connection: nothing of them is sent until the test
     * says {@link Call#send()} (as a pooled connection that is not free yet).
     */
    void holdNewCalls() {
        holdNewCalls = true;
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    Call call(int i) {
        return calls.get(i);
    }

    /** The gateway of each call whose request was sent, in order. */
    List<String> sentHosts() {
        return calls.stream().filter(Call::sent).map(c -> java.net.URI.create(c.call.url()).getHost()).toList();
    }

    /** The gateway each call went to (its URL's host), in order. */
    List<String> hosts() {
        return calls.stream().map(c -> java.net.URI.create(c.call.url()).getHost()).toList();
    }

    /** One scripted call. */
    static final class Call implements Exchange {
        final UpstreamCall call;
        private final FakeClock clock;
        private final Instant sent;
        private final Promise<Void> head = Promise.promise();
        private int status;
        private Map<String, String> headers = Map.of();
        private String body = "";
        private Instant firstByte;
        private Instant end;
        private Handler<Buffer> onChunk;
        private Handler<Void> onEnd;
        private Handler<Throwable> onError;
        private boolean finished;
        private boolean written = true;
        String cancelledBecause;

        Call(UpstreamCall call, FakeClock clock) {
            this.call = call;
            this.clock = clock;
            this.sent = clock.instant();
        }

        /** A whole answer. */
        void answer(int status, String body) {
            answer(status, Map.of(), body);
        }

        /** A whole answer with response headers (lower-case names). */
        void answer(int status, Map<String, String> headers, String body) {
            this.status = status;
            this.headers = headers;
            this.body = body;
            this.firstByte = clock.instant();
            head.complete();
        }

        /** The head of a stream; its events follow with {@link #event} and {@link #endStream}. */
        void streamHead() {
            this.status = 200;
            this.headers = Map.of("content-type", "text/event-stream");
            this.firstByte = clock.instant();
            head.complete();
        }

        void event(String data) {
            onChunk.handle(Buffer.buffer("data: " + data + "\n\n"));
        }

        /** Several events in one upstream chunk (one read), as a fast upstream sends them. */
        void events(String... data) {
            StringBuilder sb = new StringBuilder();
            for (String d : data) {
                sb.append("data: ").append(d).append("\n\n");
            }
            onChunk.handle(Buffer.buffer(sb.toString()));
        }

        /** The request body this call sent, as JSON text. */
        String sentBody() {
            return new String(call.body(), StandardCharsets.UTF_8);
        }

        void endStream() {
            finished = true;
            end = clock.instant();
            onEnd.handle(null);
        }

        /** The call fails (before its head, or mid-stream). */
        void fail(Throwable t) {
            if (finished) {
                return;
            }
            finished = true;
            end = clock.instant();
            if (!head.future().isComplete()) {
                head.fail(t);
            } else if (onError != null) {
                onError.handle(t);
            }
        }

        /** A held call gets its connection: its request is written now. */
        void send() {
            written = true;
        }

        @Override
        public boolean sent() {
            return written;
        }

        boolean cancelled() {
            return cancelledBecause != null;
        }

        @Override
        public Future<Void> head() {
            return head.future();
        }

        @Override
        public int status() {
            return status;
        }

        @Override
        public Map<String, String> headers() {
            return headers;
        }

        @Override
        public Optional<Duration> timeToFirstByte() {
            return Optional.ofNullable(firstByte).map(t -> Duration.between(sent, t));
        }

        @Override
        public Duration elapsed() {
            return Duration.between(sent, end != null ? end : clock.instant());
        }

        @Override
        public void stream(Handler<Buffer> chunk, Handler<Void> end, Handler<Throwable> error) {
            this.onChunk = chunk;
            this.onEnd = end;
            this.onError = error;
        }

        @Override
        public Future<Buffer> body(int maxBytes) {
            finished = true;
            end = clock.instant();
            return Future.succeededFuture(Buffer.buffer(body.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public void pause() {
        }

        @Override
        public void resume() {
        }

        /** As the real exchange: a cancel fails whatever is still open with a cancellation. */
        @Override
        public void cancel(String reason) {
            if (finished) {
                return;
            }
            cancelledBecause = reason;
            fail(new UpstreamCancelledException(reason));
        }

        @Override
        public boolean finished() {
            return finished;
        }
    }
}
