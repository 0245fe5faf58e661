package io.healthgate.store;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The outcome history contract on an SQLite file. */
class SqliteOutcomeHistoryTest extends OutcomeHistoryContract {
    @TempDir
    Path dir;

    @Override
    String freshDatabaseUrl() {
        return "jdbc:sqlite:" + dir.resolve("history.db");
    }

    @Override
    void dropDatabase() {
        // @TempDir removes the file.
    }
}
