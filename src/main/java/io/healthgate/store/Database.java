package io.healthgate.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * An open, migrated database: a HikariCP pool plus the {@link Dialect} it speaks.
 *
 * <p>Rules:
 * <ul>
 *   <li>The URL decides the dialect: {@code jdbc:sqlite:<file>} (default {@value #DEFAULT_URL};
 *       missing parent folders are created) or {@code jdbc:postgresql://host:port/db} (user and
 *       password in the URL, or passed to {@link #open(String, String, String)}).</li>
 *   <li>Opening runs the Flyway migrations in {@code db/migration/common} plus the dialect's own
 *       folder, so a database is always at the newest schema; reopening is a no-op.</li>
 *   <li>SQLite runs in WAL mode (readers never block the writer) with a busy timeout, foreign
 *       keys on, and a small pool. SQLite has one writer at a time, so {@link #inTransaction}
 *       serialises this process's write transactions on a lock instead of letting them spin on
 *       the busy timeout; other processes on the same file wait on the busy timeout, and write
 *       transactions begin IMMEDIATE so they can never deadlock upgrading a read lock.</li>
 *   <li>Every method blocks on I/O: call it from a worker or virtual thread, never from an event
 *       loop.</li>
 *   <li>{@link #unconnected} makes one that is not connected yet: every unit of work fails at once
 *       (a {@link StoreException}, no I/O) until {@link #connect()} succeeds, so a caller can be
 *       built over a database that is down at start and retry the connection later. Once
 *       connected, the pool replaces connections a lost server broke when it answers again.</li>
 *   <li>Errors are {@link StoreException}s whose messages never show a password.</li>
 * </ul>
 */
public final class Database implements AutoCloseable {
    /** The embedded default: a file under {@code data/} in the working directory. */
    public static final String DEFAULT_URL = "jdbc:sqlite:data/healthgate.db";

    static final int SQLITE_POOL_SIZE = 4;
    static final int POSTGRESQL_POOL_SIZE = 8;
    static final int POSTGRESQL_SOCKET_TIMEOUT_SECONDS = 30;
    static final int POSTGRESQL_CONNECT_TIMEOUT_SECONDS = 5;
    static final int SQLITE_BUSY_TIMEOUT_MS = 15_000;
    /** How long a caller waits for a pooled connection before the operation fails. */
    static final long CONNECTION_TIMEOUT_MS = 5_000;

    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/@:]*:)[^/@]*@");

    private final String url;
    private final String user;
    private final String password;
    /** Null until {@link #connect()} succeeds; never null again after. */
    private volatile HikariDataSource dataSource;
    private volatile boolean closed;
    private final Dialect dialect;
    private final String redactedUrl;
    /** Serialises this process's SQLite write transactions; unused for PostgreSQL. */
    private final ReentrantLock sqliteWriteLock = new ReentrantLock(true);

    private Database(String url, String user, String password, Dialect dialect, String redactedUrl) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.dialect = dialect;
        this.redactedUrl = redactedUrl;
    }

    /** Opens and migrates the database at {@code jdbcUrl} (credentials, if any, in the URL). */
    public static Database open(String jdbcUrl) {
        return open(jdbcUrl, null, null);
    }

    /**
     * Opens and migrates the database at {@code jdbcUrl}; {@code user} and {@code password}, when
     * not null, override any in the URL.
     *
     * @throws IllegalArgumentException for a URL of another database, or an in-memory SQLite URL
     * @throws StoreException when the database cannot be reached or migrated
     */
    public static Database open(String jdbcUrl, String user, String password) {
        Database db = unconnected(jdbcUrl, user, password);
        db.connect();
        return db;
    }

    /**
     * The database at {@code jdbcUrl}, not connected yet: no I/O happens here (the URL is checked).
     *
     * @throws IllegalArgumentException for a URL of another database, or an in-memory SQLite URL
     */
    public static Database unconnected(String jdbcUrl, String user, String password) {
        Dialect dialect = Dialect.ofUrl(jdbcUrl);
        String url = jdbcUrl.trim();
        String redacted = redact(url);
        if (dialect == Dialect.SQLITE) {
            checkNotInMemory(url, redacted);
        }
        return new Database(url, user, password, dialect, redacted);
    }

    /**
     * Connects and migrates; a no-op when connected already. Blocks (at most about the pool's
     * connection timeout when the server does not answer). Call from one thread at a time.
     *
     * @throws StoreException when the database cannot be reached or migrated (try again later)
     */
    public synchronized void connect() {
        if (closed) {
            throw new StoreException("cannot connect " + this + ": it is closed");
        }
        if (dataSource != null) {
            return;
        }
        HikariDataSource ds = openPool(dialect, url, user, password, redactedUrl);
        dataSource = ds;
        if (closed) { // closed while connecting (shutdown): the new pool must not outlive it
            ds.close();
            throw new StoreException("cannot connect " + this + ": it was closed while connecting");
        }
    }

    /** True once {@link #connect()} succeeded (and until {@link #close()}). */
    public boolean isConnected() {
        return dataSource != null && !closed;
    }

    private static HikariDataSource openPool(Dialect dialect, String url, String user, String password, String redacted) {
        if (dialect == Dialect.SQLITE) {
            createParentFolders(url, redacted);
        }
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(poolConfig(dialect, url, user, password));
        } catch (RuntimeException e) {
            throw new StoreException("cannot open database " + redacted + ": " + rootMessage(e), e);
        }
        try {
            migrate(ds, dialect, redacted);
        } catch (RuntimeException e) {
            ds.close();
            throw e instanceof StoreException se ? se
                    : new StoreException("cannot migrate database " + redacted + ": " + rootMessage(e), e);
        }
        return ds;
    }

    /** @throws StoreException while not connected */
    public DataSource dataSource() {
        checkOpen("getting a connection");
        return dataSource;
    }

    public Dialect dialect() {
        return dialect;
    }

    public boolean isClosed() {
        return closed;
    }

    /** A blocking unit of JDBC work. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} on a pooled connection in auto-commit mode (one statement, or reads that
     * need no common snapshot). Blocks.
     */
    public <T> T withConnection(String what, SqlWork<T> work) {
        checkOpen(what);
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException | RuntimeException e) {
            throw failure(what, e);
        }
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
     * Blocks; on SQLite it also waits for this process's other write transactions.
     */
    public <T> T inTransaction(String what, SqlWork<T> work) {
        checkOpen(what);
        boolean locked = dialect == Dialect.SQLITE;
        if (locked) {
            sqliteWriteLock.lock();
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            throw failure(what, e);
        } finally {
            if (locked) {
                sqliteWriteLock.unlock();
            }
        }
    }

    /** Closes the pool; not synchronized, so a shutdown never waits on a connection attempt. */
    @Override
    public void close() {
        closed = true;
        HikariDataSource ds = dataSource;
        if (ds != null) {
            ds.close();
        }
    }

    @Override
    public String toString() {
        return dialect.migrationFolder() + " database " + redactedUrl;
    }

    /** The URL with any password replaced by {@code ***}, safe to log. */
    static String redact(String jdbcUrl) {
        if (jdbcUrl == null) {
            return "null";
        }
        String masked = PASSWORD_PARAM.matcher(jdbcUrl).replaceAll("$1***");
        return USER_INFO.matcher(masked).replaceAll("$1***@");
    }

    private static HikariConfig poolConfig(Dialect dialect, String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName("healthgate-" + dialect.migrationFolder());
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        switch (dialect) {
            case SQLITE -> {
                config.setMaximumPoolSize(SQLITE_POOL_SIZE);
                config.setMinimumIdle(1);
                // sqlite-jdbc reads these pragmas from the connection properties of every new connection.
                config.addDataSourceProperty("journal_mode", "WAL");
                config.addDataSourceProperty("synchronous", "NORMAL"); // safe with WAL: no corruption, at most the last commits lost on power loss
                config.addDataSourceProperty("busy_timeout", String.valueOf(SQLITE_BUSY_TIMEOUT_MS));
                config.addDataSourceProperty("foreign_keys", "true");
                config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            }
            case POSTGRESQL -> {
                config.setMaximumPoolSize(POSTGRESQL_POOL_SIZE);
                config.setMinimumIdle(2); // grows under load; an idle instance holds few server connections
                // A hung server must not hang the writer thread forever: reads give up after this
                // (seconds; a URL that sets socketTimeout itself wins).
                if (!config.getJdbcUrl().contains("socketTimeout=")) {
                    config.addDataSourceProperty("socketTimeout", String.valueOf(POSTGRESQL_SOCKET_TIMEOUT_SECONDS));
                }
                // A server that does not answer at all (dropped packets) costs a connection attempt
                // this long, not the driver's default, so reconnect attempts stay short.
                if (!config.getJdbcUrl().contains("connectTimeout=")) {
                    config.addDataSourceProperty("connectTimeout", String.valueOf(POSTGRESQL_CONNECT_TIMEOUT_SECONDS));
                }
            }
        }
        return config;
    }

    private static void migrate(DataSource ds, Dialect dialect, String redacted) {
        MigrateResult result = Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + dialect.migrationFolder())
                .failOnMissingLocations(true)
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            log.info("Migrated {} to schema version {} ({} migrations applied)",
                    redacted, result.targetSchemaVersion, result.migrationsExecuted);
        }
    }

    /** An in-memory database would vanish with each pooled connection. */
    private static void checkNotInMemory(String url, String redacted) {
        String path = sqlitePath(url);
        if (path.isBlank() || path.contains(":memory:") || path.contains("mode=memory")) {
            throw new IllegalArgumentException("in-memory SQLite is not supported (" + redacted
                    + "): each pooled connection would see its own empty database; use a file, e.g. " + DEFAULT_URL);
        }
    }

    private static String sqlitePath(String url) {
        String path = url.substring("jdbc:sqlite:".length());
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (path.startsWith("file:")) {
            path = path.substring("file:".length());
        }
        return path;
    }

    /** SQLite will not create folders. */
    private static void createParentFolders(String url, String redacted) {
        Path parent = Path.of(sqlitePath(url)).toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new StoreException("cannot create folder " + parent + " for database " + redacted + ": " + e, e);
        }
    }

    private void checkOpen(String what) {
        if (closed) {
            throw new StoreException(what + " failed: " + this + " is closed");
        }
        if (dataSource == null) {
            throw new StoreException(what + " failed: " + this + " is not connected (yet)");
        }
    }

    private StoreException failure(String what, Exception e) {
        if (e instanceof StoreException se) {
            return se;
        }
        return new StoreException(what + " failed on " + this + ": " + rootMessage(e), e);
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException suppressed) {
            cause.addSuppressed(suppressed);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return redact(m);
    }
}
