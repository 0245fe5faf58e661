package io.healthgate.proxy;

/**
 * A request the proxy is still carrying, as the process's shutdown sees it: once the shutdown
 * grace is over it is ended with a proper answer (a 503, or an error event in a started stream)
 * instead of a cut connection. Called on the request's own event loop.
 */
@FunctionalInterface
public interface Interruptible {
    /** Nothing left to end: the request was answered at once (a bad request, an unknown conversation). */
    Interruptible NONE = why -> { };

    /** Ends the request now, telling the client {@code why}; does nothing when it has ended already. */
    void interrupt(String why);
}
