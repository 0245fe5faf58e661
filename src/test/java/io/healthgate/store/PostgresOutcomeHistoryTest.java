package io.healthgate.store;

import io.healthgate.support.TestPostgres;

/** The outcome history contract on PostgreSQL, each test in its own schema (skipped without a server unless CI=true). */
class PostgresOutcomeHistoryTest extends OutcomeHistoryContract {
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
