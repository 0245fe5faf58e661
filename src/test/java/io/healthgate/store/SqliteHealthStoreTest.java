package io.healthgate.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** The store contract on an SQLite file, plus what only SQLite needs. */
class SqliteHealthStoreTest extends JdbcHealthStoreContract {
    @TempDir
    Path dir;

    @Override
    String freshDatabaseUrl() {
        return "jdbc:sqlite:" + dir.resolve("healthgate.db");
    }

    @Override
    void dropDatabase() {
        // @TempDir removes the file.
    }

    @Test
    void sqliteRunsInWalModeWithBusyTimeoutAndForeignKeys() {
        assertThat(database.dialect()).isEqualTo(Dialect.SQLITE);
        assertThat(pragma("journal_mode")).isEqualToIgnoringCase("wal");
        assertThat(pragma("busy_timeout")).isEqualTo(String.valueOf(Database.SQLITE_BUSY_TIMEOUT_MS));
        assertThat(pragma("foreign_keys")).isEqualTo("1");
        SQLiteConfig.TransactionMode mode = database.withConnection("read transaction mode",
                c -> c.unwrap(SQLiteConnection.class).getConnectionConfig().getTransactionMode());
        assertThat(mode)
                .as("write transactions take the write lock up front").isEqualTo(SQLiteConfig.TransactionMode.IMMEDIATE);
    }

    @Test
    void missingParentFoldersAreCreated() {
        Path file = dir.resolve("a/b/healthgate.db");
        try (Database db = Database.open("jdbc:sqlite:" + file)) {
            assertThat(new JdbcHealthStore(db).isReachable()).isTrue();
        }
        assertThat(file).exists();
    }

    private String pragma(String name) {
        return database.withConnection("read pragma", c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA " + name)) {
                rs.next();
                return rs.getString(1);
            }
        });
    }
}
