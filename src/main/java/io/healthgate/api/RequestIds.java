package io.healthgate.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Gives every request an id and echoes it as {@code x-request-id} on every response: the client's
 * own when it sent a sane one (so its logs and ours line up), else a fresh one.
 */
final class RequestIds {
    static final String HEADER = "x-request-id";
    static final String KEY = "healthgate.requestId";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");
    private static final CharSequence HEADER_NAME = HttpHeaders.createOptimized(HEADER);
    private static final HexFormat HEX = HexFormat.of();

    private RequestIds() {
    }

    static void assign(RoutingContext ctx) {
        if (ctx.get(KEY) != null) {
            ctx.next(); // a rerouted request (HEAD answered as GET) keeps its id
            return;
        }
        String given = ctx.request().getHeader(HEADER);
        String id = given != null && SANE.matcher(given).matches() ? given : fresh();
        ctx.put(KEY, id);
        ctx.response().putHeader(HEADER_NAME, id);
        ctx.next();
    }

    /**
     * {@code req_} and a random (version 4) UUID's 32 hex digits, as {@code UUID.randomUUID()} wrote
     * them. The bits come from {@link ThreadLocalRandom}: an id is a correlation handle, not a
     * secret, and {@code randomUUID}'s SecureRandom (a SHA-1 digest per id) cost ~2% of the
     * gateway's CPU at saturation.
     */
    static String fresh() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long lsb = (r.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48); // IETF variant
        return "req_" + HEX.toHexDigits(msb) + HEX.toHexDigits(lsb);
    }

    static String of(RoutingContext ctx) {
        String id = ctx.get(KEY);
        return id == null ? "" : id;
    }
}
