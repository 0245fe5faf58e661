package io.healthgate.proxy.interim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthgate.health.OutcomeClass;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

/** TEMPORARY: see package-info. Status-code rules only. */
public final class OutcomeClassifier {
    private static final ObjectMapper JSON = new ObjectMapper();

    public OutcomeClassifier(Clock clock) {
    }

    public Classification classify(int status, Map<String, String> headers, String body) {
        String msg = status + " " + message(body);
        Optional<Duration> retry = Optional.ofNullable(headers.get("retry-after"))
                .flatMap(v -> {
                    try {
                        return Optional.of(Duration.ofSeconds(Long.parseLong(v.trim())));
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                });
        if (status >= 200 && status < 300) {
            try {
                JsonNode root = JSON.readTree(body);
                if (root.has("error")) {
                    return Classification.of(OutcomeClass.SERVER_ERROR, "in_band", msg);
                }
                if (!root.has("choices") && !root.has("content")) {
                    return Classification.of(OutcomeClass.BAD_RESPONSE, "no_choices", "no choices or content");
                }
                return Classification.success();
            } catch (Exception e) {
                return Classification.of(OutcomeClass.BAD_RESPONSE, "invalid_json", status + " with a body that is not JSON");
            }
        }
        OutcomeClass cls = switch (status) {
            case 401, 403 -> OutcomeClass.AUTH_ERROR;
            case 402 -> OutcomeClass.NO_CREDITS;
            case 404 -> OutcomeClass.NOT_FOUND;
            case 429 -> OutcomeClass.RATE_LIMITED;
            case 408, 504, 524 -> OutcomeClass.TIMEOUT;
            default -> status >= 500 ? OutcomeClass.SERVER_ERROR : OutcomeClass.BAD_REQUEST;
        };
        String detail = cls == OutcomeClass.BAD_REQUEST && body != null && body.contains("max_tokens") ? "output_limit" : "";
        return new Classification(cls, detail, retry, msg);
    }

    public Optional<Classification> classifyStreamEvent(SseEvent event) {
        if ("error".equals(event.event()) || event.data().startsWith("{\"error\"")) {
            return Optional.of(Classification.of(OutcomeClass.SERVER_ERROR, "in_band", "error event in stream: " + message(event.data())));
        }
        return Optional.empty();
    }

    public Classification classifyException(Throwable failure) {
        if (failure instanceof CancellationException) {
            return Classification.cancelled(failure.getMessage());
        }
        if (failure instanceof TimeoutException) {
            return Classification.of(OutcomeClass.TIMEOUT, "", failure.getMessage());
        }
        return Classification.of(OutcomeClass.CONNECTION_ERROR, "", failure.getMessage());
    }

    public Classification timeout(String phase, Duration after) {
        return Classification.of(OutcomeClass.TIMEOUT, phase, "no " + phase.replace('_', ' ') + " within " + after.toMillis() + " ms");
    }

    private static String message(String body) {
        if (body == null) {
            return "";
        }
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode m = root.path("error").path("message");
            if (m.isTextual()) {
                return m.asText();
            }
        } catch (Exception ignored) {
            // not JSON: fall through to the raw text
        }
        return body.length() > 200 ? body.substring(0, 200) : body;
    }
}
