package io.healthgate.providers;

import io.healthgate.audit.KeyVerifier;
import io.healthgate.audit.Verification;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Protocol;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Verifies a key with one GET of the gateway's models list, authenticated the way its protocol
 * wants: {@code Authorization: Bearer} for openai, {@code x-api-key} plus
 * {@code anthropic-version: 2023-06-01} for anthropic, plus the gateway's own headers. 200 is
 * valid, 401/403 rejected, anything else (or no answer within the timeout) unreachable. The body
 * is not read: the status says all, and some lists are megabytes.
 *
 * <p>Uses the Vert.x core {@link HttpClient}; the audit only sees the {@link KeyVerifier} port.
 * Failures complete normally as {@code unreachable}; details name the failure, never the key.
 */
public final class ModelsListKeyVerifier implements KeyVerifier, AutoCloseable {
    static final String ANTHROPIC_VERSION = "2023-06-01";

    private final HttpClient client;
    private final Vertx ownedVertx;

    /** A verifier on the application's Vert.x (the composition root's choice). */
    public ModelsListKeyVerifier(Vertx vertx) {
        this(vertx, null);
    }

    private ModelsListKeyVerifier(Vertx vertx, Vertx owned) {
        // No keep-alive: each check drops its connection after the status line (see verify), so a
        // pooled connection could be handed to the next check while it is being torn down.
        this.client = vertx.createHttpClient(new HttpClientOptions().setTcpNoDelay(true).setKeepAlive(false));
        this.ownedVertx = owned;
    }

    /** A verifier with its own Vert.x, for one-shot commands; {@link #close()} stops it. */
    public static ModelsListKeyVerifier standalone() {
        Vertx vertx = Vertx.vertx();
        return new ModelsListKeyVerifier(vertx, vertx);
    }

    @Override
    public CompletionStage<Verification> verify(Gateway gateway, String key, Duration timeout) {
        if (gateway.modelsUrl().isBlank()) {
            return CompletableFuture.completedFuture(Verification.unverifiable("no models list to ask"));
        }
        if (gateway.protocol() == Protocol.SPECIAL) {
            return CompletableFuture.completedFuture(Verification.unverifiable("protocol 'special' has no standard auth"));
        }
        long ms = Math.max(1, timeout.toMillis());
        RequestOptions options;
        try {
            options = new RequestOptions()
                    .setMethod(HttpMethod.GET)
                    .setAbsoluteURI(gateway.modelsUrl())
                    .setConnectTimeout(ms)
                    .setIdleTimeout(ms)
                    .setFollowRedirects(false);
        } catch (RuntimeException badUrl) {
            return CompletableFuture.completedFuture(Verification.unreachable("bad models_url"));
        }
        gateway.headers().forEach(options::putHeader);
        if (gateway.protocol() == Protocol.ANTHROPIC) {
            options.putHeader("x-api-key", key).putHeader("anthropic-version", ANTHROPIC_VERSION);
        } else {
            options.putHeader("Authorization", "Bearer " + key);
        }
        options.putHeader("Accept", "application/json").putHeader("User-Agent", "healthgate-audit");
        Future<Verification> result = client.request(options)
                .compose(request -> request.send())
                .map(response -> {
                    int status = response.statusCode();
                    // The status is the answer; drop the connection rather than download a large list.
                    // The reset we cause surfaces as an exception on the response: expected, not an error.
                    try {
                        response.exceptionHandler(ignored -> { });
                        response.request().reset();
                    } catch (IllegalStateException alreadyEnded) {
                        // A short answer can be complete by now, and Vert.x refuses handlers on an
                        // ended response: there is nothing left to drop, and the status stands.
                        // (Uncaught, this turned a valid or rejected key into "unreachable", and a
                        // canary's check into a gateway made suspect while it was up.)
                    }
                    return classify(status);
                })
                .timeout(ms, TimeUnit.MILLISECONDS)
                .recover(failure -> Future.succeededFuture(Verification.unreachable(describe(failure))));
        return result.toCompletionStage();
    }

    static Verification classify(int status) {
        if (status == 200) {
            return Verification.valid("HTTP 200");
        }
        if (status == 401 || status == 403) {
            return Verification.rejected("HTTP " + status);
        }
        return Verification.unreachable("HTTP " + status);
    }

    private static String describe(Throwable failure) {
        if (failure instanceof TimeoutException || failure.getClass().getSimpleName().contains("Timeout")) {
            return "no answer within the timeout";
        }
        if (failure instanceof ConnectException) {
            return "connection refused";
        }
        if (failure instanceof UnknownHostException) {
            return "unknown host";
        }
        String name = failure.getClass().getSimpleName();
        return name.isEmpty() ? "connection failed" : name;
    }

    @Override
    public void close() {
        client.close();
        if (ownedVertx != null) {
            ownedVertx.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
    }
}
