package io.healthgate.store;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Cleanup and alert history on a SQLite file in a temporary folder. */
class SqliteCleanupTest extends JdbcCleanupContract {
    @TempDir
    Path dir;

    @Override
    String freshDatabaseUrl() {
        return "jdbc:sqlite:" + dir.resolve("cleanup.db");
    }

    @Override
    void dropDatabase() {
    }
}
