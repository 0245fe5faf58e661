package io.healthgate.providers;

import com.fasterxml.jackson.databind.JsonNode;
import io.healthgate.health.OutcomeClass;
import io.healthgate.providers.sse.SseEvent;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

import static io.healthgate.health.OutcomeClass.AUTH_ERROR;
import static io.healthgate.health.OutcomeClass.BAD_REQUEST;
import static io.healthgate.health.OutcomeClass.BAD_RESPONSE;
import static io.healthgate.health.OutcomeClass.NOT_FOUND;
import static io.healthgate.health.OutcomeClass.NO_CREDITS;
import static io.healthgate.health.OutcomeClass.RATE_LIMITED;
import static io.healthgate.health.OutcomeClass.SERVER_ERROR;
import static io.healthgate.health.OutcomeClass.TIMEOUT;

/**
 * The one place where an upstream's answer becomes an {@link OutcomeClass}. Health is computed
 * from these classes, so the rules lean on what the body says when the status code lies:
 *
 * <ul>
 *   <li>5xx is {@code server_error} ({@code overloaded} for 529 and overload bodies), except
 *       504/524/408 and CDN timeout pages, which are {@code timeout};</li>
 *   <li>402, and any 4xx or in-band error that says the account is out of credits or quota
 *       (OpenAI's 429 {@code insufficient_quota}, Anthropic's 400 credit balance, xAI's 403),
 *       is {@code no_credits};</li>
 *   <li>429 is {@code rate_limited}, unless the body reports provider overload (then
 *       {@code server_error});</li>
 *   <li>401/403 are {@code auth_error}, unless the body is a content-policy refusal;</li>
 *   <li>404, and a 400 naming a missing, decommissioned or unavailable model, is {@code not_found};</li>
 *   <li>other 4xx are {@code bad_request} with a detail ({@code context_length},
 *       {@code content_policy}, {@code output_limit}), except a key rejected with 400 (auth) and a
 *       rate-limit body such as Groq's 413 ({@code rate_limited});</li>
 *   <li>a 2xx carrying an error (SSE {@code event: error}, an {@code error} field, a bare error
 *       object) is classified from that error, using the status it embeds, else
 *       {@code server_error}; a 2xx with invalid JSON, no choices or no content is
 *       {@code bad_response}, except an empty answer cut by the token budget
 *       ({@code bad_request}/{@code output_limit}, which {@link Classification#forProbe()} turns
 *       into proof of life).</li>
 * </ul>
 */
public final class OutcomeClassifier {

    private final Clock clock;

    public OutcomeClassifier(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Classifies a complete HTTP answer; headers are looked up case-insensitively in the map. */
    public Classification classify(int status, Map<String, String> headers, String body) {
        Map<String, String> ci = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ci.putAll(headers);
        return classify(status, ci::get, body);
    }

    /**
     * Classifies a complete HTTP answer.
     *
     * @param headers header lookup by lower-case name returning null when absent (Vert.x's {@code MultiMap::get} fits)
     * @param body the body as text, a full SSE stream text for buffered streams, or "" when none
     */
    public Classification classify(int status, Function<String, String> headers, String body) {
        String text = body == null ? "" : body;
        Function<String, String> h = headers == null ? name -> null : headers;
        Classification c = status >= 200 && status < 300
                ? classifySuccessStatus(status, text)
                : classifyError(status, false, text, ErrorBodies.message(text));
        if (c.isSuccess()) {
            return c;
        }
        return c.withRetryAfter(RetryAfter.find(h, text, clock.instant()));
    }

    /**
     * An error carried by one event of a 200 stream (Anthropic {@code event: error}, an OpenAI or
     * OpenRouter chunk with an {@code error} field), or empty when the event is ordinary content.
     */
    public Optional<Classification> classifyStreamEvent(SseEvent event) {
        Optional<JsonNode> json = ErrorBodies.parseLenient(event.data());
        boolean named = "error".equals(event.event());
        Optional<JsonNode> error = json.flatMap(ErrorBodies::errorObject);
        if (!named && error.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(inBand(event.data(), json.orElse(null), error.orElse(null)));
    }

    /** Classifies a failure that produced no HTTP answer. */
    public Classification classifyException(Throwable failure) {
        return ExceptionClassifier.classify(failure);
    }

    /** A timeout we enforced ourselves, in the named phase ("connect", "first_byte", "idle", "total"). */
    public Classification timeout(String phase, Duration after) {
        return Classification.of(TIMEOUT, phase, "no " + phase.replace('_', ' ') + " within " + after.toMillis() + " ms");
    }

    private Classification classifySuccessStatus(int status, String text) {
        if (ErrorBodies.looksLikeSse(text)) {
            return classifyBufferedStream(text);
        }
        Optional<JsonNode> json = ErrorBodies.parseLenient(text);
        if (json.isEmpty()) {
            return Classification.of(BAD_RESPONSE, "invalid_json", status + " with a body that is not JSON: " + text);
        }
        JsonNode root = json.get();
        Optional<JsonNode> error = ErrorBodies.errorObject(root);
        if (error.isPresent()) {
            return inBand(text, root, error.get());
        }
        return CompletionCheck.check(root);
    }

    private Classification classifyBufferedStream(String text) {
        List<SseEvent> events = ErrorBodies.sseEvents(text);
        boolean terminal = false;
        for (SseEvent e : events) {
            Optional<Classification> err = classifyStreamEvent(e);
            if (err.isPresent()) {
                return err.get();
            }
            terminal |= e.isDone() || "message_stop".equals(e.event());
        }
        return terminal ? Classification.success() : Classification.streamCut("stream ended without [DONE] or message_stop");
    }

    /** An error delivered inside a 2xx: classified by the status it embeds, else as the provider's fault. */
    private Classification inBand(String text, JsonNode root, JsonNode error) {
        int embedded = error == null || root == null ? 0 : ErrorBodies.embeddedStatus(error, root);
        String message = ErrorBodies.message(text);
        if (error != null && message.isEmpty()) {
            message = error.toString();
        }
        return classifyError(embedded, true, text, message);
    }

    /**
     * The ladder. {@code status} is the HTTP status, or for an in-band error the status it embeds
     * (0 when it embeds none). Each rung returns; order matters and each says why it is here.
     */
    private Classification classifyError(int status, boolean inBand, String body, String message) {
        String t = body.toLowerCase(Locale.ROOT);
        String where = inBand ? "error in 200" + (status > 0 ? " (code " + status + ")" : "") : String.valueOf(status);
        String m = where + ": " + message;
        // A proxy's timeout page is about waiting, not about the model's answer.
        if (status == 504 || status == 524 || status == 408 || (status >= 500 || inBand) && has(t, ErrorSignals.GATEWAY_TIMEOUT)) {
            return Classification.of(TIMEOUT, "gateway_timeout", m);
        }
        if (status == 402) {
            return Classification.of(NO_CREDITS, creditsDetail(t), m);
        }
        // A real 5xx is the provider's fault whatever its body says.
        if (status >= 500 && !inBand) {
            return Classification.of(SERVER_ERROR, overloadedOr(t, status == 529, "http_" + status), m);
        }
        // Out of money hides behind 400, 401, 403 and 429.
        if (has(t, ErrorSignals.NO_CREDITS)) {
            return Classification.of(NO_CREDITS, creditsDetail(t), m);
        }
        if (status == 429) {
            return has(t, ErrorSignals.OVERLOADED)
                    ? Classification.of(SERVER_ERROR, "overloaded", m)
                    : Classification.of(RATE_LIMITED, "rate_limit", m);
        }
        if (status == 401 || status == 403) {
            return has(t, ErrorSignals.CONTENT_POLICY)
                    ? Classification.of(BAD_REQUEST, "content_policy", m)
                    : Classification.of(AUTH_ERROR, status == 401 ? "invalid_key" : "forbidden", m);
        }
        if (status == 404) {
            return Classification.of(NOT_FOUND, notFoundDetail(t), m);
        }
        // Other 4xx, and in-band errors: the body decides.
        if (has(t, ErrorSignals.RATE_LIMIT)) {
            return Classification.of(RATE_LIMITED, status == 413 ? "request_too_large_for_limit" : "rate_limit", m);
        }
        if (has(t, ErrorSignals.AUTH)) {
            return Classification.of(AUTH_ERROR, "invalid_key", m);
        }
        if (has(t, ErrorSignals.MODEL_GONE)) {
            return Classification.of(NOT_FOUND, notFoundDetail(t), m);
        }
        if (has(t, ErrorSignals.CONTENT_POLICY)) {
            return Classification.of(BAD_REQUEST, "content_policy", m);
        }
        if (has(t, ErrorSignals.CONTEXT_LENGTH)) {
            return Classification.of(BAD_REQUEST, "context_length", m);
        }
        if (has(t, ErrorSignals.OUTPUT_LIMIT)) {
            return Classification.of(BAD_REQUEST, "output_limit", m);
        }
        if (inBand && (status == 0 || status >= 500)) {
            return Classification.of(SERVER_ERROR, overloadedOr(t, false, "upstream_error"), m);
        }
        return Classification.of(BAD_REQUEST, status == 413 ? "request_too_large" : "invalid_request", m);
    }

    private static boolean has(String text, Pattern p) {
        return p.matcher(text).find();
    }

    private static String overloadedOr(String t, boolean overloaded, String otherwise) {
        return overloaded || has(t, ErrorSignals.OVERLOADED) ? "overloaded" : otherwise;
    }

    private static String creditsDetail(String t) {
        if (t.contains("insufficient_quota") || t.contains("exceeded your current quota")) {
            return "insufficient_quota";
        }
        return t.contains("spend_limit") || t.contains("spending limit") || t.contains("spend limit") ? "spend_limit" : "credits";
    }

    private static String notFoundDetail(String t) {
        if (t.contains("decommission") || t.contains("deprecated") || t.contains("no longer")) {
            return "decommissioned";
        }
        return t.contains("no endpoints found") || t.contains("no allowed providers") || t.contains("not running")
                || t.contains("non-serverless") ? "no_endpoint" : "model_not_found";
    }
}
