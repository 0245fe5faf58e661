package io.healthgate.proxy;

import io.healthgate.providers.http.UpstreamCall;
import io.healthgate.providers.http.UpstreamClient;
import io.healthgate.providers.http.UpstreamExchange;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Where a journey's calls go: the pooled {@link UpstreamClient} in the product, a script in tests. */
interface Upstream {

    /** Starts one call and returns at once. */
    Exchange send(UpstreamCall call);

    static Upstream over(UpstreamClient client) {
        return call -> new Over(client.send(call));
    }

    /** The real exchange, seen through the journey's port. */
    record Over(UpstreamExchange e) implements Exchange {
        public Future<Void> head() {
            return e.head();
        }

        public int status() {
            return e.status();
        }

        public Map<String, String> headers() {
            return e.headers();
        }

        public Optional<Duration> timeToFirstByte() {
            return e.timeToFirstByte();
        }

        public Duration elapsed() {
            return e.elapsed();
        }

        public void stream(Handler<Buffer> chunk, Handler<Void> end, Handler<Throwable> error) {
            e.stream(chunk, end, error);
        }

        public Future<Buffer> body(int maxBytes) {
            return e.body(maxBytes);
        }

        public void pause() {
            e.pause();
        }

        public void resume() {
            e.resume();
        }

        public void cancel(String reason) {
            e.cancel(reason);
        }

        public boolean finished() {
            return e.finished();
        }

        public boolean sent() {
            return e.sent();
        }
    }
}
