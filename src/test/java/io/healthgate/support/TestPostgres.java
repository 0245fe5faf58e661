package io.healthgate.support;

import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * PostgreSQL for tests: each test gets its own empty schema ({@code hg_test_<random>}), dropped on
 * close. The server is {@value #DEFAULT_URL} unless env {@code HEALTHGATE_TEST_PG_URL} says
 * otherwise. When it is not reachable the test is skipped with a message saying so, except under
 * env {@code CI=true}, where it fails: CI must never pass by skipping.
 */
public final class TestPostgres {
    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    private static volatile String unreachableReason;
    private static volatile boolean checked;

    private TestPostgres() {
    }

    public static String baseUrl() {
        String env = System.getenv("HEALTHGATE_TEST_PG_URL");
        return env == null || env.isBlank() ? DEFAULT_URL : env.trim();
    }

    /** A new empty schema; skips (or fails when CI=true) if PostgreSQL is not reachable. */
    public static Schema freshSchema() {
        requireAvailable();
        String name = "hg_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE SCHEMA " + name);
        // Tests need atomicity, not durability across a power cut: skip the fsync per commit.
        String url = withParam(withParam(baseUrl(), "currentSchema", name), "options", "-c%20synchronous_commit=off");
        return new Schema(name, url);
    }

    /** Skips the calling test (or fails it when CI=true) unless PostgreSQL answers. */
    public static void requireAvailable() {
        if (!checked) {
            synchronized (TestPostgres.class) {
                if (!checked) {
                    unreachableReason = probe();
                    checked = true;
                }
            }
        }
        if (unreachableReason != null) {
            String message = "PostgreSQL not reachable at " + baseUrl().replaceAll("(?i)(password=)[^&;]*", "$1***") + " (" + unreachableReason
                    + "); set HEALTHGATE_TEST_PG_URL to run these tests";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(message + " [CI=true: failing instead of skipping]");
            }
            Assumptions.abort(message);
        }
    }

    /** One empty schema; {@link #url()} points the connections' search path at it. */
    public record Schema(String name, String url) implements AutoCloseable {
        @Override
        public void close() {
            execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        }
    }

    static String withParam(String url, String key, String value) {
        return url + (url.contains("?") ? "&" : "?") + key + "=" + value;
    }

    private static String probe() {
        DriverManager.setLoginTimeout(3);
        try (Connection c = DriverManager.getConnection(baseUrl())) {
            return c.isValid(3) ? null : "connection not valid";
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(baseUrl()); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test database setup failed on '" + sql + "': " + e.getMessage(), e);
        }
    }
}
