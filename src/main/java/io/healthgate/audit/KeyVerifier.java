package io.healthgate.audit;

import io.healthgate.catalog.Gateway;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Makes one cheap authenticated call to a gateway to learn whether a key works. Implemented at
 * the HTTP edge (providers); the audit only sees this port. Implementations complete within about
 * {@code timeout} and report failures as {@link Verification.Result#UNREACHABLE}, never by
 * completing exceptionally, and never put the key in a detail.
 */
public interface KeyVerifier {
    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    CompletionStage<Verification> verify(Gateway gateway, String key, Duration timeout);
}
