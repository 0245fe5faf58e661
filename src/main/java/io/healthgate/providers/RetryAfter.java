package io.healthgate.providers;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a gateway asked us to wait. In order of trust: the {@code Retry-After} header (delta
 * seconds or an HTTP date), then "try again in 26.604s" in the body, then the reset header of an
 * exhausted rate-limit bucket ({@code x-ratelimit-reset-requests/-tokens} as Go-style durations
 * like {@code 2m59.56s}; {@code anthropic-ratelimit-*-reset} as RFC 3339 instants). Results are
 * clamped to [0, 1 day] so a bogus header can never park a gateway for ever.
 */
final class RetryAfter {

    static final Duration MAX = Duration.ofDays(1);
    private static final Pattern TRY_AGAIN = Pattern.compile(
            "(?i)(?:try again|retry) in\\s+((?:\\d+(?:\\.\\d+)?\\s*(?:ms|h|m|s|seconds?|minutes?)\\s*)+)");
    private static final Pattern GO_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|h|m|s|seconds?|minutes?)");
    private static final String[][] BUCKETS = {
        {"x-ratelimit-remaining-tokens", "x-ratelimit-reset-tokens"},
        {"x-ratelimit-remaining-requests", "x-ratelimit-reset-requests"},
        {"anthropic-ratelimit-tokens-remaining", "anthropic-ratelimit-tokens-reset"},
        {"anthropic-ratelimit-input-tokens-remaining", "anthropic-ratelimit-input-tokens-reset"},
        {"anthropic-ratelimit-output-tokens-remaining", "anthropic-ratelimit-output-tokens-reset"},
        {"anthropic-ratelimit-requests-remaining", "anthropic-ratelimit-requests-reset"},
    };

    private RetryAfter() {
    }

    static Optional<Duration> find(Function<String, String> headers, String body, Instant now) {
        Optional<Duration> header = header(headers.apply("retry-after"), now);
        if (header.isPresent()) {
            return header;
        }
        Optional<Duration> fromBody = fromBody(body);
        if (fromBody.isPresent()) {
            return fromBody;
        }
        for (String[] bucket : BUCKETS) {
            String remaining = headers.apply(bucket[0]);
            String reset = headers.apply(bucket[1]);
            if (reset != null && remaining != null && remaining.strip().equals("0")) {
                Optional<Duration> d = resetValue(reset, now);
                if (d.isPresent()) {
                    return d;
                }
            }
        }
        return Optional.empty();
    }

    /** {@code Retry-After: 120} or {@code Retry-After: Wed, 21 Oct 2015 07:28:00 GMT}. */
    static Optional<Duration> header(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        try {
            return Optional.of(clamp(Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000))));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Optional.of(clamp(Duration.between(now, at)));
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    static Optional<Duration> fromBody(String body) {
        if (body == null) {
            return Optional.empty();
        }
        Matcher m = TRY_AGAIN.matcher(body);
        return m.find() ? goDuration(m.group(1)) : Optional.empty();
    }

    private static Optional<Duration> resetValue(String v, Instant now) {
        Optional<Duration> go = goDuration(v);
        if (go.isPresent()) {
            return go;
        }
        try {
            return Optional.of(clamp(Duration.between(now, Instant.parse(v.strip()))));
        } catch (DateTimeParseException notInstant) {
            return header(v, now);
        }
    }

    /** "2m59.56s", "7.66s", "20ms", "1.984999999s", "6m0s", "30 seconds". */
    static Optional<Duration> goDuration(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        if (!t.matches("(\\d+(\\.\\d+)?\\s*(ms|h|m|s|seconds?|minutes?)\\s*)+")) {
            return Optional.empty();
        }
        Matcher m = GO_PART.matcher(t);
        double millis = 0;
        while (m.find()) {
            double n = Double.parseDouble(m.group(1));
            millis += switch (m.group(2)) {
                case "ms" -> n;
                case "h" -> n * 3_600_000;
                case "m", "minute", "minutes" -> n * 60_000;
                default -> n * 1000;
            };
        }
        return Optional.of(clamp(Duration.ofMillis(Math.round(millis))));
    }

    private static Duration clamp(Duration d) {
        if (d.isNegative()) {
            return Duration.ZERO;
        }
        return d.compareTo(MAX) > 0 ? MAX : d;
    }
}
