package io.healthgate.providers.translate;

/**
 * A request that cannot be expressed in the other protocol (OpenAI {@code n > 1} to Anthropic,
 * an audio part, malformed tool arguments). The front door answers it with a 400 in its own error
 * shape; the message says what to change and never echoes request content.
 */
public final class TranslationException extends RuntimeException {

    public TranslationException(String message) {
        super(message, null, false, false);
    }

    /** Always 400: the client can fix the request. */
    public int status() {
        return 400;
    }
}
