package io.healthgate.store;

import io.healthgate.support.TestPostgres;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

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

    /**
     * A stalled network (connections open, no byte passes) must read as unreachable, not hang the
     * check: a query timeout is a cancel sent over a second connection, which the stall holds too,
     * so the check used to wait for the 30 s socket timeout. The timeout below only guards against
     * that hang; nothing here measures how fast the answer came.
     */
    @Test
    @org.junit.jupiter.api.Timeout(value = 20)
    void aStalledStoreReadsUnreachableAndReachableAgainOnceBytesPass() {
        java.net.URI target = java.net.URI.create(schema.url().substring("jdbc:".length()));
        try (io.healthgate.support.TcpRelay relay = new io.healthgate.support.TcpRelay(target.getHost(), target.getPort());
             Database db = Database.open(schema.url().replace(target.getHost() + ":" + target.getPort(), "127.0.0.1:" + relay.port()))) {
            JdbcHealthStore store = new JdbcHealthStore(db);
            assertThat(store.isReachable()).as("through the open relay").isTrue();
            relay.stall();
            assertThat(store.isReachable()).as("while every byte is held").isFalse();
            relay.restore();
            assertThat(store.isReachable()).as("once bytes pass again").isTrue();
        }
    }

    @Test
    void aPasswordInTheUrlNeverReachesTheLogs() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        // Look at everything the pool, the migrations and the store say, even at DEBUG.
        java.util.Map<Logger, ch.qos.logback.classic.Level> saved = new java.util.HashMap<>();
        for (String name : java.util.List.of("com.zaxxer.hikari", "org.flywaydb", "io.healthgate.store")) {
            Logger l = (Logger) LoggerFactory.getLogger(name);
            saved.put(l, l.getLevel());
            l.setLevel(ch.qos.logback.classic.Level.DEBUG);
        }
        try (Database db = Database.open(schema.url() + "&password=hunter2")) { // trust auth ignores it
            new JdbcHealthStore(db).loadOffers();
        } finally {
            root.detachAppender(logs);
            saved.forEach(Logger::setLevel);
        }
        assertThat(logs.list).isNotEmpty();
        assertThat(logs.list).noneMatch(e -> e.getFormattedMessage().contains("hunter2"));
    }
}
