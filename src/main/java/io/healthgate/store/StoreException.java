package io.healthgate.store;

/**
 * A database operation failed. Unchecked, because the ports the store implements are plain Java
 * interfaces; callers (the health engine's write-behind, cleanup, alerting) catch it, log it and
 * retry later. The message never contains a password.
 */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
