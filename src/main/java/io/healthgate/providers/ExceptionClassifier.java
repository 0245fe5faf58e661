package io.healthgate.providers;

import io.healthgate.health.OutcomeClass;

import java.util.Locale;

/**
 * Failures without an HTTP answer. Classes are recognised by name along the cause chain, so that
 * JDK, Netty and Vert.x exceptions are understood without this package depending on them:
 * anything named like a timeout is {@code timeout}; cancellation is {@code cancelled}; refused,
 * reset, closed, DNS and TLS failures are {@code connection_error}.
 */
final class ExceptionClassifier {

    private ExceptionClassifier() {
    }

    static Classification classify(Throwable failure) {
        if (failure == null) {
            return Classification.of(OutcomeClass.CONNECTION_ERROR, "unknown", "failed without an exception");
        }
        String summary = describe(failure);
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 16; t = t.getCause(), depth++) {
            String name = t.getClass().getName();
            String simple = t.getClass().getSimpleName().toLowerCase(Locale.ROOT);
            String msg = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (simple.contains("timeout") || msg.contains("timed out") || msg.contains("timeout")) {
                return Classification.of(OutcomeClass.TIMEOUT, simple.contains("connect") || msg.contains("connect")
                        ? "connect_timeout" : "timeout", summary);
            }
            if (simple.contains("cancellation") || simple.contains("cancelled") || simple.contains("interrupted")) {
                return Classification.cancelled(summary);
            }
            if (name.equals("java.net.UnknownHostException") || msg.contains("failed to resolve")
                    || msg.contains("nodename nor servname") || simple.contains("dns")) {
                return Classification.of(OutcomeClass.CONNECTION_ERROR, "dns", summary);
            }
            if (name.startsWith("javax.net.ssl.") || simple.contains("ssl") || simple.contains("tls")
                    || simple.contains("certificate")) {
                return Classification.of(OutcomeClass.CONNECTION_ERROR, "tls", summary);
            }
            if (simple.contains("connectexception") || msg.contains("connection refused")) {
                return Classification.of(OutcomeClass.CONNECTION_ERROR, "refused", summary);
            }
            if (msg.contains("reset") || simple.contains("streamreset")) {
                return Classification.of(OutcomeClass.CONNECTION_ERROR, "reset", summary);
            }
            if (msg.contains("closed") || simple.contains("closedchannel") || msg.contains("broken pipe")) {
                return Classification.of(OutcomeClass.CONNECTION_ERROR, "closed", summary);
            }
        }
        return Classification.of(OutcomeClass.CONNECTION_ERROR, "io", summary);
    }

    private static String describe(Throwable t) {
        String msg = t.getMessage();
        return t.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + msg);
    }
}
