package io.healthgate.support;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.UUID;

/**
 * Redis for tests: {@value #DEFAULT_URL} unless env {@code HEALTHGATE_TEST_REDIS_URL} says
 * otherwise; each test uses its own key prefix ({@code hg_test_<random>:}) and removes its keys.
 * When Redis is not reachable the test is skipped with a message saying so, except under env
 * {@code CI=true}, where it fails.
 */
public final class TestRedis {
    public static final String DEFAULT_URL = "redis://127.0.0.1:6379";

    private TestRedis() {
    }

    public static String url() {
        String env = System.getenv("HEALTHGATE_TEST_REDIS_URL");
        return env == null || env.isBlank() ? DEFAULT_URL : env.trim();
    }

    /** A key prefix no other test uses. */
    public static String freshPrefix() {
        return "hg_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + ":";
    }

    /** Removes every key under {@code prefix} (a test's own). */
    public static void deleteKeys(String prefix) {
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(url());
        try (io.lettuce.core.api.StatefulRedisConnection<String, String> c = client.connect()) {
            io.lettuce.core.ScanIterator.scan(c.sync(), io.lettuce.core.ScanArgs.Builder.matches(prefix + "*")).stream()
                    .forEach(k -> c.sync().del(k));
        } finally {
            client.shutdown();
        }
    }

    /** Skips the calling test (or fails it when CI=true) unless something listens at the Redis URL. */
    public static void requireAvailable() {
        String problem = probe();
        if (problem != null) {
            String message = "Redis not reachable at " + url().replaceAll("//[^/@]*@", "//***@") + " (" + problem
                    + "); set HEALTHGATE_TEST_REDIS_URL to run these tests";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(message + " [CI=true: failing instead of skipping]");
            }
            Assumptions.abort(message);
        }
    }

    private static String probe() {
        try {
            URI uri = URI.create(url());
            int port = uri.getPort() < 0 ? 6379 : uri.getPort();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(uri.getHost(), port), 2_000);
                return null;
            }
        } catch (IOException | IllegalArgumentException e) {
            return e.toString();
        }
    }
}
