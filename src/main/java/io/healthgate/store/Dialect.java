package io.healthgate.store;

import java.util.Locale;

/** The SQL databases the store runs on, told apart by their JDBC URL. */
public enum Dialect {
    /** An embedded file ({@code jdbc:sqlite:path}): the default, for one instance. */
    SQLITE("jdbc:sqlite:", "sqlite"),
    /** A server ({@code jdbc:postgresql://host:port/db}): for several instances sharing state. */
    POSTGRESQL("jdbc:postgresql:", "postgresql");

    private final String urlPrefix;
    private final String migrationFolder;

    Dialect(String urlPrefix, String migrationFolder) {
        this.urlPrefix = urlPrefix;
        this.migrationFolder = migrationFolder;
    }

    /** The classpath folder (under {@code db/migration}) of this dialect's own migrations. */
    public String migrationFolder() {
        return migrationFolder;
    }

    /** The dialect of a JDBC URL; a clear error (the URL's password masked) for anything else. */
    public static Dialect ofUrl(String jdbcUrl) {
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            throw new IllegalArgumentException("database URL is empty: expected jdbc:sqlite:<file> or jdbc:postgresql://<host>/<db>");
        }
        String lower = jdbcUrl.trim().toLowerCase(Locale.ROOT);
        for (Dialect d : values()) {
            if (lower.startsWith(d.urlPrefix)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unsupported database URL '" + Database.redact(jdbcUrl)
                + "': expected jdbc:sqlite:<file> or jdbc:postgresql://<host>/<db>");
    }
}
