package io.healthgate.audit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One gateway's line in the key audit.
 *
 * @param fingerprint a masked fingerprint of the value ("sha256:1a2b3c4d, 51 chars"), never the key
 * @param hint what to do about it (a similarly named variable that is set, what is malformed, ...)
 * @param unresolved environment variables the gateway's base URL needs that are not set
 * @param verification the models-list call's answer, when --verify was asked and the key was set
 */
public record KeyAuditRow(
        String gateway,
        String displayName,
        String apiKeyEnv,
        boolean enabled,
        KeyStatus status,
        Optional<String> fingerprint,
        Optional<String> hint,
        List<String> unresolved,
        Optional<Verification> verification) {

    public KeyAuditRow {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(apiKeyEnv, "apiKeyEnv");
        Objects.requireNonNull(status, "status");
        displayName = displayName == null ? gateway : displayName;
        fingerprint = fingerprint == null ? Optional.empty() : fingerprint;
        hint = hint == null ? Optional.empty() : hint;
        unresolved = unresolved == null ? List.of() : List.copyOf(unresolved);
        verification = verification == null ? Optional.empty() : verification;
    }

    /** An enabled gateway is configured when its key is set and its base URL is complete. */
    public boolean configured() {
        return enabled && status == KeyStatus.SET && unresolved.isEmpty();
    }

    public boolean rejected() {
        return verification.map(v -> v.result() == Verification.Result.REJECTED).orElse(false);
    }

    KeyAuditRow withVerification(Verification v) {
        return new KeyAuditRow(gateway, displayName, apiKeyEnv, enabled, status, fingerprint, hint, unresolved, Optional.of(v));
    }
}
