package io.healthgate.proxy;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * One upstream call in flight, as the journey needs it: the part of
 * {@link io.healthgate.providers.http.UpstreamExchange} it uses, so a journey can be driven by a
 * scripted exchange on fake time. Ends exactly once (body end, failure, timeout or cancel).
 */
interface Exchange {

    /** Completes when the response head arrives; fails on timeout, connection failure or cancel. */
    Future<Void> head();

    int status();

    Map<String, String> headers();

    Optional<Duration> timeToFirstByte();

    Duration elapsed();

    void stream(Handler<Buffer> chunk, Handler<Void> end, Handler<Throwable> error);

    Future<Buffer> body(int maxBytes);

    void pause();

    void resume();

    void cancel(String reason);

    /** True once the request was handed to a connection to be written (the gateway may have it). */
    boolean sent();

    boolean finished();
}
