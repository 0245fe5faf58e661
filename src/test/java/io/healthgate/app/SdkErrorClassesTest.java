package io.healthgate.app;

import com.anthropic.models.messages.MessageCreateParams;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.healthgate.providers.ErrorBodyFixtures;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Every real upstream error body of error-bodies.tsv, served by one offer, reaches each official
 * SDK as the exception class that SDK raises for what happened: the client's own mistake keeps its
 * 4xx (BadRequest, PermissionDenied, UnprocessableEntity...), a provider that is overloaded is
 * Anthropic's OverloadedException (529) on the Anthropic door, a timeout a 504, anything else the
 * gateway's 502/503. Translated or not, no message carries a Java class name.
 *
 * <p>A single rate-limited offer is every candidate rate limited, so it answers 429 (with the
 * soonest Retry-After an upstream named): the rescue issue's (12) rule.
 */
class SdkErrorClassesTest extends SdkClientsFixture {
    private static final Set<String> CLIENT_MISTAKES = Set.of("bad_request", "context_length", "content_policy", "output_limit");
    /** The statuses the Anthropic API itself uses for a client's mistake; any other is said as 400 there. */
    private static final Set<Integer> ANTHROPIC_CLIENT_STATUSES = Set.of(400, 401, 403, 404, 408, 409, 413, 429);

    /** What the door answers for a row, by the class the gateway assigns it (the row's label). */
    static int doorStatus(ErrorBodyFixtures.Row row, boolean anthropicDoor) {
        if (CLIENT_MISTAKES.contains(row.label())) {
            int s = row.status() >= 400 && row.status() < 500 ? row.status() : 400;
            return anthropicDoor && !ANTHROPIC_CLIENT_STATUSES.contains(s) ? 400 : s;
        }
        return switch (row.label()) {
            case "timeout" -> 504;
            case "rate_limited" -> 429; // every candidate rate limited: 429 with the soonest Retry-After (issue 12)
            case "auth_error", "no_credits" -> 503;
            case "server_error" -> overloaded(row) ? (anthropicDoor ? 529 : 503) : 502;
            default -> 502; // not_found: the offer's model is gone; the gateway failed to serve it
        };
    }

    private static boolean overloaded(ErrorBodyFixtures.Row row) {
        String b = row.body().toLowerCase(Locale.ROOT);
        return row.status() == 529 || b.contains("overloaded") || b.contains("model busy") || b.contains("server busy");
    }

    static Class<? extends Throwable> openAiException(int status) {
        return switch (status) {
            case 400 -> com.openai.errors.BadRequestException.class;
            case 401 -> com.openai.errors.UnauthorizedException.class;
            case 403 -> com.openai.errors.PermissionDeniedException.class;
            case 404 -> com.openai.errors.NotFoundException.class;
            case 422 -> com.openai.errors.UnprocessableEntityException.class;
            case 429 -> com.openai.errors.RateLimitException.class;
            default -> status >= 500 ? com.openai.errors.InternalServerException.class : com.openai.errors.UnexpectedStatusCodeException.class;
        };
    }

    static Class<? extends Throwable> anthropicException(int status) {
        return switch (status) {
            case 400 -> com.anthropic.errors.BadRequestException.class;
            case 401 -> com.anthropic.errors.UnauthorizedException.class;
            case 403 -> com.anthropic.errors.PermissionDeniedException.class;
            case 404 -> com.anthropic.errors.NotFoundException.class;
            case 413 -> com.anthropic.errors.ContentTooLargeException.class;
            case 429 -> com.anthropic.errors.RateLimitException.class;
            case 503 -> com.anthropic.errors.ServiceUnavailableException.class;
            case 504 -> com.anthropic.errors.GatewayTimeoutException.class;
            case 529 -> com.anthropic.errors.OverloadedException.class;
            default -> status >= 500 ? com.anthropic.errors.InternalServerException.class
                    : com.anthropic.errors.UnexpectedStatusCodeException.class;
        };
    }

    /** Anthropic rows come from the Anthropic-protocol gateway, the rest from both OpenAI-protocol offers of acme/chat. */
    private String serve(ErrorBodyFixtures.Row row) {
        boolean sse = row.body().startsWith("event:") || row.body().startsWith("data:");
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        row.headers().forEach((k, v) -> {
            if (!v.isBlank() && !k.equalsIgnoreCase("content-type") && k.matches("[A-Za-z0-9-]+") && !v.contains("(")) {
                headers.put(k, v);
            }
        });
        FakeUpstream.Script script = (req, b, up) -> {
            headers.forEach(req.response()::putHeader);
            req.response().setStatusCode(row.status()).putHeader("content-type", sse ? "text/event-stream" : "application/json").end(row.body());
        };
        if (row.provider().startsWith("anthropic") && !row.provider().equals("anthropic-vertex")) {
            upstream.on("claude-up", script);
            return "acme/claude";
        }
        upstream.on("alpha-chat", script).on("beta-chat", script);
        return "acme/chat";
    }

    @TestFactory
    Stream<DynamicTest> everyErrorRowReachesTheOpenAiSdkAsItsExceptionClass() {
        return ErrorBodyFixtures.rows().stream().map(row -> DynamicTest.dynamicTest(row.toString(), () -> {
            upstream.reset();
            String model = serve(row);
            Throwable t = catchThrowable(() -> openai.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model(model).addUserMessage("hi").build()));
            int status = doorStatus(row, false);
            assertThat(t).as(row + " body " + row.body()).isInstanceOf(openAiException(status));
            com.openai.errors.OpenAIServiceException e = (com.openai.errors.OpenAIServiceException) t;
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.getMessage()).doesNotContainPattern("[A-Z][a-z]+[A-Z][A-Za-z]*(Exception|Error)\\b");
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyErrorRowReachesTheAnthropicSdkAsItsExceptionClass() {
        return ErrorBodyFixtures.rows().stream().map(row -> DynamicTest.dynamicTest(row.toString(), () -> {
            upstream.reset();
            String model = serve(row);
            Throwable t = catchThrowable(() -> anthropic.messages().create(MessageCreateParams.builder()
                    .model(model).maxTokens(20).addUserMessage("hi").build()));
            int status = doorStatus(row, true);
            assertThat(t).as(row + " body " + row.body()).isInstanceOf(anthropicException(status));
            com.anthropic.errors.AnthropicServiceException e = (com.anthropic.errors.AnthropicServiceException) t;
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.getMessage()).doesNotContainPattern("[A-Z][a-z]+[A-Z][A-Za-z]*(Exception|Error)\\b");
        }));
    }

    @Test
    void aClosedUpstreamConnectionIsReportedWithoutJavaClassNames() {
        upstream.on("alpha-chat", (req, b, up) -> req.connection().close()).on("beta-chat", (req, b, up) -> req.connection().close());
        var r = post("/v1/chat/completions", CHAT, auth());
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).contains("connection_error").doesNotContain("Exception").doesNotContainPattern("io\\.vertx|java\\.");
        var a = post("/v1/messages", "{\"model\":\"chat\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", auth());
        assertThat(a.statusCode()).isEqualTo(502);
        assertThat(a.body()).doesNotContain("Exception");
    }
}
