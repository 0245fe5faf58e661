package io.healthgate.providers.http;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP call to an upstream gateway: a POST of a JSON body to an absolute URL.
 *
 * @param url absolute http(s) URL
 * @param headers request headers, auth included (never logged)
 * @param body the request body, already shaped for the gateway
 * @param timeouts how long each phase of the call may take
 */
public record UpstreamCall(String url, Map<String, String> headers, byte[] body, Timeouts timeouts) {
    public UpstreamCall {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(timeouts, "timeouts");
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new IllegalArgumentException("upstream url must be absolute http(s), got '" + url + "'");
        }
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    /** Leaves the headers (the gateway key among them) and the body out, so a log line can never carry them. */
    @Override
    public String toString() {
        return "UpstreamCall[POST " + url + ", headers=" + headers.keySet() + ", " + body.length + " bytes, " + timeouts + "]";
    }

    /**
     * The separate limits of one call. The first-byte limit runs from sending until the response
     * head arrives; the idle limit runs between body chunks (and from the head to the first chunk);
     * the total limit covers the whole exchange, stream included.
     */
    public record Timeouts(Duration firstByte, Duration idle, Duration total) {
        public Timeouts {
            requirePositive("firstByte", firstByte);
            requirePositive("idle", idle);
            requirePositive("total", total);
        }

        private static void requirePositive(String name, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " timeout must be positive, got " + d);
            }
        }
    }
}
