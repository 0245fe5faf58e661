package io.healthgate.providers.http;

import java.io.IOException;

/**
 * The connection to an upstream failed (refused, reset, closed mid-response, TLS, DNS). An
 * {@link IOException}, so plain-Java classifiers recognise it without knowing about Vert.x or Netty.
 * The message never carries request headers.
 */
public final class UpstreamConnectionException extends IOException {
    public UpstreamConnectionException(String message, Throwable cause) {
        super(message, cause);
    }

    static Throwable normalise(Throwable t) {
        if (t instanceof UpstreamTimeoutException || t instanceof UpstreamConnectionException
                || t instanceof UpstreamCancelledException) {
            return t;
        }
        if (t instanceof java.util.concurrent.TimeoutException) {
            return new UpstreamTimeoutException(UpstreamTimeoutException.Phase.IDLE, 0);
        }
        String kind = t.getClass().getSimpleName();
        String msg = t.getMessage() == null ? kind : kind + ": " + t.getMessage();
        return new UpstreamConnectionException(msg, t);
    }
}
