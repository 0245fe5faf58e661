package io.healthgate.app;

import io.healthgate.audit.Verification;
import io.healthgate.catalog.Gateway;
import io.healthgate.health.GatewayCheck;
import io.healthgate.providers.ModelsListKeyVerifier;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The canaries' free check: the gateway's models list, asked with its key (the key audit's
 * verifier). A 429 on the list says nothing about an outage, so it reads "nothing learnt".
 */
final class ModelsListCheck implements GatewayCheck {
    private final ModelsListKeyVerifier verifier;
    private final Map<String, String> env;

    ModelsListCheck(ModelsListKeyVerifier verifier, Map<String, String> env) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.env = Map.copyOf(env);
    }

    @Override
    public CompletionStage<Result> check(Gateway gateway, Duration timeout) {
        String key = env.get(gateway.apiKeyEnv());
        if (key == null || key.isBlank()) {
            return CompletableFuture.completedFuture(new Result(Reach.UNKNOWN, "no key"));
        }
        return verifier.verify(gateway, key, timeout).thenApply(ModelsListCheck::read)
                .exceptionally(e -> new Result(Reach.UNKNOWN, "check failed: " + e.getClass().getSimpleName()));
    }

    static Result read(Verification v) {
        return switch (v.result()) {
            case VALID -> new Result(Reach.REACHABLE, v.detail());
            case REJECTED -> new Result(Reach.KEY_REJECTED, v.detail());
            case UNVERIFIABLE -> new Result(Reach.UNKNOWN, v.detail());
            case UNREACHABLE -> v.detail().equals("HTTP 429") || v.detail().equals("HTTP 404") || v.detail().equals("HTTP 405")
                    ? new Result(Reach.UNKNOWN, v.detail()) : new Result(Reach.UNREACHABLE, v.detail());
        };
    }
}
