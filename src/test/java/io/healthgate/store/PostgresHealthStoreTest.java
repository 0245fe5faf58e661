package io.healthgate.store;

import io.healthgate.support.TestPostgres;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store contract on PostgreSQL, each test in its own schema. Skipped when the server is not
 * reachable, failed instead when CI=true (see {@link TestPostgres}).
 */
class PostgresHealthStoreTest extends JdbcHealthStoreContract {
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

    @Test
    void postgresDatabaseKnowsItsDialectAndUsesItsOwnSchema() {
        assertThat(database.dialect()).isEqualTo(Dialect.POSTGRESQL);
        String current = database.withConnection("read schema", c -> c.getSchema());
        assertThat(current).isEqualTo(schema.name());
    }
}
