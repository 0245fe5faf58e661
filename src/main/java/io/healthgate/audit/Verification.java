package io.healthgate.audit;

import java.util.Locale;
import java.util.Objects;

/**
 * The answer to one cheap authenticated call (the gateway's models list).
 *
 * @param detail a short reason for people ("HTTP 401", "connection refused"); never the key
 */
public record Verification(Result result, String detail) {
    public enum Result {
        /** 200: the key works. */
        VALID,
        /** 401/403: the gateway refused the key. */
        REJECTED,
        /** Any other answer, a timeout or a connection failure: nothing learnt about the key. */
        UNREACHABLE,
        /** The gateway has no models list (or no standard auth) to ask. */
        UNVERIFIABLE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Verification {
        Objects.requireNonNull(result, "result");
        detail = detail == null ? "" : detail;
    }

    public static Verification valid(String detail) {
        return new Verification(Result.VALID, detail);
    }

    public static Verification rejected(String detail) {
        return new Verification(Result.REJECTED, detail);
    }

    public static Verification unreachable(String detail) {
        return new Verification(Result.UNREACHABLE, detail);
    }

    public static Verification unverifiable(String detail) {
        return new Verification(Result.UNVERIFIABLE, detail);
    }
}
