package io.healthgate.cli;

import io.healthgate.app.ReportWiring;
import io.healthgate.config.ConfigException;
import io.healthgate.config.ConfigLoader;
import io.healthgate.config.HealthgateConfig;
import io.healthgate.sla.SlaFormats;
import io.healthgate.sla.SlaQuery;
import io.healthgate.sla.SlaReport;
import io.healthgate.sla.SlaSettings;
import io.healthgate.sla.SlaWindow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code ./healthgate report [--window 30d | --from T [--to T]] [--format md|json|csv]
 * [--gateway G] [--provider P] [--model M] [--config F] [--db URL]}: the SLA report from the
 * stored outcome history, to paste into a review. The same figures as {@code GET /health/sla}
 * and the dashboard's SLA section (all three render one {@link SlaReport}).
 * Exit 0 on success, 1 when the store fails, 2 on a bad option or configuration.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Prints the SLA report (availability, latency, incidents, error budget) from the stored history.",
                "Exit 0 on success, 1 when the store fails, 2 on a bad option or config error."})
final class ReportCommand implements Callable<Integer> {
    static final int STORE_ERROR = 1;
    static final int USAGE_ERROR = 2;

    @Option(names = "--window", paramLabel = "SPAN", description = "1h, 24h, 7d, 30d or any <n>m|h|d, ending now (default: 30d)")
    String window;

    @Option(names = "--from", paramLabel = "INSTANT", description = "Start of a custom range, e.g. 2026-01-01T00:00:00Z (instead of --window)")
    String from;

    @Option(names = "--to", paramLabel = "INSTANT", description = "End of a custom range (default: now)")
    String to;

    @Option(names = "--format", paramLabel = "FORMAT", description = "md (default), json or csv")
    String format = "md";

    @Option(names = "--gateway", paramLabel = "NAME", description = "Only this gateway")
    String gateway;

    @Option(names = "--provider", paramLabel = "NAME", description = "Only this provider")
    String provider;

    @Option(names = "--model", paramLabel = "ID", description = "Only this model")
    String model;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration (default: built-in defaults)")
    Path config;

    @Option(names = "--db", paramLabel = "JDBC_URL", description = "Database to read (default: storage.url from the configuration)")
    String db;

    @Spec
    CommandSpec spec;

    /** The clock "now" is read from; tests set their own. */
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String fmt = format == null ? "md" : format.trim().toLowerCase(Locale.ROOT);
        if (!fmt.equals("md") && !fmt.equals("json") && !fmt.equals("csv")) {
            err.println("healthgate report: --format must be md, json or csv, got '" + format + "'");
            return USAGE_ERROR;
        }
        Map<String, String> env = System.getenv();
        HealthgateConfig cfg;
        try {
            cfg = ConfigLoader.load(Optional.ofNullable(config), env);
        } catch (ConfigException e) {
            e.problems().forEach(p -> err.println("healthgate report: " + p));
            return USAGE_ERROR;
        }
        SlaSettings settings = slaSettings(cfg);
        Instant now = clock.instant();
        SlaQuery query;
        try {
            SlaWindow w = SlaWindow.parse(window == null && from == null ? "30d" : window, from, to, now, settings.retention());
            query = new SlaQuery(w, Optional.ofNullable(gateway), Optional.ofNullable(provider), Optional.ofNullable(model));
        } catch (IllegalArgumentException e) {
            err.println("healthgate report: " + e.getMessage());
            return USAGE_ERROR;
        }
        String url = db != null && !db.isBlank() ? db.trim() : cfg.storage().url();
        SlaReport report;
        try {
            report = ReportWiring.report(url, settings, query, now);
        } catch (IllegalArgumentException e) {
            err.println("healthgate report: " + e.getMessage());
            return USAGE_ERROR;
        } catch (RuntimeException e) {
            // Store errors carry a redacted URL and the cause, never a password.
            err.println("healthgate report: " + e.getMessage());
            return STORE_ERROR;
        }
        out.print(switch (fmt) {
            case "json" -> SlaFormats.jsonText(report);
            case "csv" -> SlaFormats.csv(report);
            default -> SlaFormats.markdown(report);
        });
        out.flush();
        return 0;
    }

    /** The SLA settings of the configuration (targets, history retention). */
    static SlaSettings slaSettings(HealthgateConfig cfg) {
        return cfg.sla();
    }
}
