package io.healthgate.audit;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Placeholders;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Audits, gateway by gateway, the key each one expects: which variable, whether it is set, empty
 * or malformed, a masked fingerprint, a hint when a similarly named variable is set, and (with a
 * verifier) whether the gateway accepts it. The environment is passed in, never read here, and no
 * key ever appears in a row.
 */
public final class KeyAudit {
    /** Extra time over the verifier's own timeout (at most the timeout again) before a call is given up as unreachable. */
    private static final Duration GRACE = Duration.ofSeconds(2);

    private KeyAudit() {
    }

    public static KeyAuditReport run(Catalog catalog, Map<String, String> env, Optional<KeyVerifier> verifier) {
        return run(catalog, env, verifier, KeyVerifier.DEFAULT_TIMEOUT);
    }

    /** Verification calls, when asked for, go out to all configured gateways at once, each bounded by {@code timeout}. */
    public static KeyAuditReport run(Catalog catalog, Map<String, String> env, Optional<KeyVerifier> verifier, Duration timeout) {
        Set<String> taken = new HashSet<>();
        catalog.gateways().forEach(g -> taken.add(g.apiKeyEnv()));
        List<KeyAuditRow> rows = new ArrayList<>();
        for (Gateway g : catalog.gateways()) {
            rows.add(row(g, env, taken));
        }
        if (verifier.isEmpty()) {
            return new KeyAuditReport(rows, false);
        }
        List<CompletableFuture<KeyAuditRow>> pending = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            KeyAuditRow row = rows.get(i);
            Gateway g = catalog.gateway(row.gateway()).orElseThrow();
            pending.add(verify(row, g, env.get(row.apiKeyEnv()), verifier.get(), timeout));
        }
        return new KeyAuditReport(pending.stream().map(CompletableFuture::join).toList(), true);
    }

    static KeyAuditRow row(Gateway g, Map<String, String> env, Set<String> taken) {
        String name = g.apiKeyEnv();
        String value = name.isEmpty() ? null : env.get(name);
        List<String> unresolved = Placeholders.names(g.baseUrl());
        Optional<String> fingerprint = value == null || value.isBlank() ? Optional.empty() : Optional.of(Fingerprint.of(value));
        List<String> similar = value == null || value.isBlank() ? SimilarNames.find(name, env, without(taken, name)) : List.of();
        KeyStatus status;
        List<String> hints = new ArrayList<>();
        if (!g.enabled()) {
            status = KeyStatus.DISABLED;
            hints.add(g.disabledReason().isBlank() ? "disabled in the configuration" : g.disabledReason());
        } else if (value == null) {
            status = KeyStatus.MISSING;
        } else if (value.isBlank()) {
            status = KeyStatus.EMPTY;
        } else {
            List<String> problems = KeyShape.problems(value);
            status = problems.isEmpty() ? KeyStatus.SET : KeyStatus.MALFORMED;
            if (!problems.isEmpty()) {
                hints.add("value has " + String.join(", ", problems));
            }
        }
        if (g.enabled() && !similar.isEmpty()) {
            hints.add(String.join(", ", similar) + (similar.size() == 1 ? " is" : " are") + " set; this gateway reads "
                    + name + " (rename the variable, or set api_key_env: " + similar.get(0) + ")");
        }
        if (g.enabled() && !unresolved.isEmpty()) {
            hints.add("base_url needs " + String.join(", ", unresolved) + ", which " + (unresolved.size() == 1 ? "is" : "are") + " not set");
        }
        return new KeyAuditRow(g.name(), g.displayName(), name, g.enabled(), status, fingerprint,
                hints.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", hints)), unresolved, Optional.empty());
    }

    private static Set<String> without(Set<String> taken, String name) {
        Set<String> s = new HashSet<>(taken);
        s.remove(name);
        return s;
    }

    private static CompletableFuture<KeyAuditRow> verify(KeyAuditRow row, Gateway g, String key, KeyVerifier verifier, Duration timeout) {
        if (!row.configured()) {
            return CompletableFuture.completedFuture(row);
        }
        if (g.modelsUrl().isBlank()) {
            return CompletableFuture.completedFuture(row.withVerification(Verification.unverifiable("no models list to ask")));
        }
        CompletableFuture<Verification> call;
        try {
            call = verifier.verify(g, key, timeout).toCompletableFuture();
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        return call.orTimeout(timeout.plus(GRACE.compareTo(timeout) < 0 ? GRACE : timeout).toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(e -> Verification.unreachable(describe(e)))
                .thenApply(row::withVerification);
    }

    private static String describe(Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof java.util.concurrent.TimeoutException) {
            return "no answer in time";
        }
        return cause.getClass().getSimpleName();
    }
}
