package io.healthgate.providers.http;

import java.util.concurrent.CancellationException;

/** The call was abandoned by us (the client went away, or a hedge lost). */
public final class UpstreamCancelledException extends CancellationException {
    public UpstreamCancelledException(String reason) {
        super(reason);
    }
}
