package io.healthgate.providers;

import java.util.regex.Pattern;

/**
 * The phrases that decide a class when the status code alone would mislead. Each pattern is
 * matched against the lower-cased body. Every pattern here was chosen against the real bodies
 * in {@code error-bodies.tsv}; the comments name the trap each one avoids.
 */
final class ErrorSignals {

    private ErrorSignals() {
    }

    /**
     * Out of money, not out of rate. Deliberately not matched: a bare "credits" (OpenRouter's
     * rate limit says "add 10 credits to unlock"), "billing" (Groq's rate limit links to billing),
     * {@code credit_limit} (Together's rate-limit type) and "insufficient quota" with a space
     * (Scaleway's concurrency limit).
     */
    static final Pattern NO_CREDITS = Pattern.compile(String.join("|",
            "insufficient_quota", "exceeded your current quota", "credit balance is too low",
            "insufficient[ _]credits", "credit limit exceeded", "requires more credits", "out of credits",
            "(?:doesn't|does not|don't|do not) have (?:any|enough) credits", "used all (?:available |your )?credits",
            "spend(?:ing)?[ _]limit", "billing_hard_limit", "billing_not_active", "payment required",
            "purchase (?:more )?credits"));

    /** Capacity trouble on the provider's side, even when sent as a 429 (Fireworks, DeepInfra, Moonshot). */
    static final Pattern OVERLOADED = Pattern.compile("overloaded|model busy|server busy|server_is_overloaded");

    static final Pattern RATE_LIMIT = Pattern.compile(
            "rate[ _-]?limit|too many (?:requests|tokens)|rate_limit_exceeded|requests per (?:second|minute)|tokens per minute");

    /** A key rejected in a 400 (xAI, Google). Phrases, not the bare word "key". */
    static final Pattern AUTH = Pattern.compile(String.join("|",
            "(?:invalid|incorrect|not valid|missing|no)[^.\"]{0,20}api[ _-]?key", "api[ _-]?key[^.\"]{0,20}(?:invalid|not valid)",
            "api_key_invalid", "invalid_api_key", "authentication_error", "not authenticated",
            "no auth credentials", "unauthorized"));

    /**
     * The model is gone or unreachable for this account. Model-specific phrases only, so that
     * Google's "Cannot find field" and OpenAI's "not supported with this model" stay bad requests.
     */
    static final Pattern MODEL_GONE = Pattern.compile(String.join("|",
            "model_not_found", "model not found", "model_decommissioned", "decommissioned", "not_found_error",
            "model\\b[^.]{0,100}?(?:does not exist|is not found|no longer (?:supported|accessible|available))",
            "not a valid model", "no endpoints found", "no allowed providers", "model_not_available",
            "non-serverless model", "dedicated endpoint[^.]{0,120}is not running", "dedicated_endpoint_not_running",
            "model[^.]{0,60}was deprecated"));

    static final Pattern CONTENT_POLICY = Pattern.compile(String.join("|",
            "content[ _]policy", "content filtering", "content_filter", "usage polic", "flagged", "safety system",
            "requires moderation", "moderation"));

    /** Not "context-window" (a docs URL in Anthropic's thinking-budget error). */
    static final Pattern CONTEXT_LENGTH = Pattern.compile(String.join("|",
            "context[ _]length", "maximum context", "context[ _]window", "prompt is too long",
            "maximum prompt length", "reduce the length of the messages", "too many input tokens",
            "input is too long", "exceeds the model's maximum"));

    /**
     * The model ran out of output budget: proof of life for a probe. Not "maximum allowed number
     * of output tokens" (Anthropic's max_tokens-too-large error is a plain bad request).
     */
    static final Pattern OUTPUT_LIMIT = Pattern.compile(String.join("|",
            "output limit was reached", "could not finish the message", "max_tokens[^.]{0,20}too (?:small|low)",
            "max_tokens (?:limit )?(?:was )?reached", "output_limit"));

    /** A proxy or CDN gave up waiting for the provider (Cloudflare 524, nginx 504). */
    static final Pattern GATEWAY_TIMEOUT = Pattern.compile(
            "gateway time-?out|a timeout occurred|error code: 524|cf_gateway_timeout|upstream request timeout");
}
