package io.healthgate.cli;

import io.healthgate.app.CleanupWiring;
import io.healthgate.catalog.Catalog;
import io.healthgate.cleanup.CleanupMode;
import io.healthgate.cleanup.CleanupReport;
import io.healthgate.cleanup.CleanupReportFormat;
import io.healthgate.cleanup.CleanupSettings;
import io.healthgate.config.CatalogFactory;
import io.healthgate.config.ConfigException;
import io.healthgate.config.ConfigLoader;
import io.healthgate.config.HealthgateConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code ./healthgate cleanup [--config F] [--db URL] [--live] [--json]}: finds offers that are dead
 * (never checked, idle 30+ days, 100% errors, repeated not_found, gone from the catalog; never one
 * with a success in the last 7 days). A dry run by default: prints them and how to remove them;
 * {@code --live} removes them in one transaction and logs each in {@code cleanup_log}.
 * Exit 0 on success, 1 when the store fails, 2 when the configuration is unusable.
 */
@Command(name = "cleanup", mixinStandardHelpOptions = true,
        description = {"Lists offers that are dead (a dry run), or removes them with --live.",
                "Never touches an offer that succeeded in the last 7 days.",
                "Exit 0 on success, 1 when the store fails, 2 on a config error."})
final class CleanupCommand implements Callable<Integer> {
    static final int STORE_ERROR = 1;
    static final int CONFIG_ERROR = 2;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration (default: built-in defaults and catalog)")
    Path config;

    @Option(names = "--db", paramLabel = "JDBC_URL", description = "Database to clean (default: storage.url from the configuration)")
    String db;

    @Option(names = "--live", description = "Remove the candidates (default: a dry run that changes nothing)")
    boolean live;

    @Option(names = "--json", description = "Print {\"mode\", \"candidates\", \"removed\"} as JSON instead of a table")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> env = System.getenv();
        HealthgateConfig cfg;
        Catalog catalog;
        CleanupSettings settings;
        try {
            cfg = ConfigLoader.load(Optional.ofNullable(config), env);
            catalog = CatalogFactory.build(cfg, env);
            settings = cfg.cleanup();
        } catch (ConfigException e) {
            e.problems().forEach(p -> err.println("healthgate cleanup: " + p));
            return CONFIG_ERROR;
        } catch (IllegalArgumentException e) {
            err.println("healthgate cleanup: " + e.getMessage());
            return CONFIG_ERROR;
        }
        String url = db != null && !db.isBlank() ? db.trim() : cfg.storage().url();
        CleanupReport report;
        try {
            report = CleanupWiring.runOnce(url, catalog, settings, live ? CleanupMode.LIVE : CleanupMode.DRY_RUN, Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            err.println("healthgate cleanup: " + e.getMessage());
            return CONFIG_ERROR;
        } catch (RuntimeException e) {
            // Store errors carry a redacted URL and the cause, never a password.
            err.println("healthgate cleanup: " + e.getMessage());
            return STORE_ERROR;
        }
        out.print(json ? CleanupReportFormat.json(report) + System.lineSeparator() : CleanupReportFormat.text(report, liveCommand()));
        out.flush();
        return 0;
    }

    /** The same command with --live, so the operator can copy it (the database URL is not echoed: it may hold a password). */
    private String liveCommand() {
        StringBuilder c = new StringBuilder("./healthgate cleanup --live");
        if (config != null) {
            c.append(" --config ").append(config);
        }
        if (db != null && !db.isBlank()) {
            c.append(" --db <the same URL>");
        }
        return c.toString();
    }
}
