package io.healthgate.store;

import io.healthgate.support.TestPostgres;

/**
 * Cleanup and alert history on PostgreSQL, each test in its own schema. Skipped with a message
 * when the server is not reachable, failed instead when CI=true (see {@link TestPostgres}).
 */
class PostgresCleanupTest extends JdbcCleanupContract {
    private TestPostgres.Schema schema;

    @Override
    String freshDatabaseUrl() {
        schema = TestPostgres.freshSchema();
        return schema.url();
    }

    @Override
    void dropDatabase() {
        if (schema != null) {
            schema.close();
        }
    }
}
